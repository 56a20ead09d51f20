class Member < ActiveRecord::Base
  ROLES = %w[admin editor viewer].freeze

  validates :email, presence: true, uniqueness: { case_sensitive: false }, format: { with: /\A[^@\s]+@[^@\s]+\z/i, message: "is not an email" }
  validates :handle, length: { in: 3..20 }, allow_blank: true
  validates :code, length: { is: 6 }, format: { with: /^[A-Z]+$/ }
  validates :age, numericality: { only_integer: true, greater_than: 0, less_than: 150 }, allow_nil: true
  validates :balance, numericality: { greater_than_or_equal_to: 0, less_than: :credit_limit }
  validates :role, inclusion: { in: ROLES }
  validates :color, inclusion: { in: %w[red green blue], message: "%{value} is not a color" }, exclusion: { in: ["black"] }
  validates :nickname, absence: true, if: :anonymous?
  validates :zip, format: { with: /\A\d{5}(?>-\d{4})?\z/ }
  validates :terms, acceptance: true
  validates :email, email: true
  validates :handle, uniqueness: { scope: :email }, on: :create
  validates_presence_of :handle, :code, message: "needed"
  validates_numericality_of :age, greater_than: 17, unless: -> { role == "viewer" }
  validates_inclusion_of :role, in: ->(m) { m.allowed_roles }
  belongs_to :team, optional: true
  validates :team, presence: true
  validates :password, length: { minimum: 8 }
  validate :custom_check
  validates_with PasswordValidator

  with_options if: :strict? do
    validates :code, presence: true
  end
end
