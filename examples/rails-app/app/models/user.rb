class User < ApplicationRecord
  # Login, password reset and two-factor belong to Rails (Devise); their
  # columns never leave the server — zero-active-models withholds them from
  # sync by name (encrypted_password, reset_password_*, otp_*).
  devise :database_authenticatable, :recoverable, :rememberable, :validatable, :two_factor_authenticatable

  # Encrypted at rest by Rails; a device would only ever see ciphertext.
  encrypts :phone

  # Every technician syncs every active user's row (the timeline shows who did
  # what, assignees are picked by name), and Zero syncs whole rows: so what
  # only admins (and the user) may see cannot be in the row. The email is the
  # login and personal contact data; token_version is the revocation counter.
  ZERO_PRIVATE = %w[email token_version].freeze

  has_many :activity_logs

  enum :role, { technician: "technician", dispatcher: "dispatcher", admin: "admin" }

  validates :email, presence: true, uniqueness: true, format: { with: /\A[^@\s]+@[^@\s]+\z/ }
  # Assignees and timeline actors are told apart by name.
  validates :name, presence: true, uniqueness: true, length: { maximum: 120 }

  scope :active, -> { where(active: true) }
  scope :by_name, -> { order(name: :asc) }

  # Deactivating a user or bumping token_version revokes every token they hold.
  def revoke_tokens!
    increment!(:token_version)
  end
end
