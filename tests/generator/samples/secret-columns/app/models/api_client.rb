class ApiClient < ApplicationRecord
  has_secure_password
  has_secure_password :recovery_password, validations: false
  has_secure_token
  has_secure_token :auth_token

  encrypts :notes

  validates :name, presence: true
end
