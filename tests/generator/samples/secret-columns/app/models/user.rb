class User < ApplicationRecord
  devise :database_authenticatable, :recoverable, :rememberable, :validatable,
         :confirmable, :trackable, :lockable, :two_factor_authenticatable

  encrypts :ssn, deterministic: true
  encrypts :date_of_birth

  # Personal data only the server (and Rails) should see.
  ZERO_PRIVATE = %i[home_address email nickname].freeze

  validates :name, presence: true
  validates :email, presence: true, uniqueness: true
  validates :home_address, length: { maximum: 200 }

  scope :admins, -> { where(admin: true) }
end
