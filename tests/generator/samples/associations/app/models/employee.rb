class Employee < ActiveRecord::Base
  belongs_to :manager, class_name: "Employee", optional: true
  belongs_to :team, optional: true, inverse_of: :employees
  has_many :subordinates, class_name: "Employee", foreign_key: "manager_id", dependent: :nullify
  has_many :pictures, as: :imageable
  has_and_belongs_to_many :skills
  has_many :assignments, dependent: :destroy
  has_many :projects, through: :assignments
  has_one :profile, dependent: :destroy
  has_many :teammates, through: :team, source: :employees
  has_many :team_projects, through: :teammates, source: :projects
  has_one_attached :avatar
end
