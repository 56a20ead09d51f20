class Client < ApplicationRecord
  include Loggable

  has_many :jobs, dependent: :restrict_with_error
  has_many :tasks, through: :jobs

  validates :name, presence: true, length: { maximum: 120 }
  validates :email, format: { with: /\A[^@\s]+@[^@\s]+\z/ }, allow_blank: true

  scope :alphabetical, -> { order(name: :asc) }
end
