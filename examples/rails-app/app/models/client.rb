class Client < ApplicationRecord
  include Loggable

  has_many :jobs, dependent: :destroy
  has_many :tasks, through: :jobs
  has_many :timeline, class_name: "ActivityLog", inverse_of: :client

  validates :name, presence: true, length: { maximum: 120 }
  validates :email, format: { with: /\A[^@\s]+@[^@\s]+\z/ }, allow_blank: true

  scope :alphabetical, -> { order(name: :asc) }
end
