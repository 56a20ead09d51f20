class User < ApplicationRecord
  has_many :activity_logs

  enum :role, { technician: "technician", dispatcher: "dispatcher", admin: "admin" }

  validates :email, presence: true, uniqueness: true, format: { with: /\A[^@\s]+@[^@\s]+\z/ }
  validates :name, presence: true
end
