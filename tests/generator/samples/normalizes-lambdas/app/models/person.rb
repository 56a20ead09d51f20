class Person < ActiveRecord::Base
  normalizes :email, with: ->(email) { email.strip.downcase }
  normalizes :unconfirmed_email, with: ->(email) { email&.strip&.downcase }
  normalizes :first_name, with: ->(value) { value.strip.presence }
  normalizes :reason, with: ->(r) { r.to_s }, apply_to_nil: true
  normalizes :bio, with: ->(b) { b.squish }

  validates :email, presence: true, format: { with: /\A[^@\s]+@[^@\s]+\z/ }

  # left as given (warnings): a class, arguments, a second declaration, a non-string column, a withheld column
  normalizes :code, with: CodeNormalizer
  normalizes :slug, with: ->(c) { c.delete("-") }
  normalizes :bio, with: ->(n) { n.strip }, apply_to_nil: true
  normalizes :age, with: ->(a) { a.strip }
  normalizes :api_token, with: ->(t) { t.strip }
  # nil reaching a step other than to_s/presence raises in Ruby
  normalizes :last_name, with: ->(n) { n.strip }, apply_to_nil: true
end
