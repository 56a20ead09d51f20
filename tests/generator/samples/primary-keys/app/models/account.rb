class Account < ApplicationRecord
  has_and_belongs_to_many :countries, association_foreign_key: "country_code"
  has_many :account_memberships
end
