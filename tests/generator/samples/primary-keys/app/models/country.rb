class Country < ApplicationRecord
  self.primary_key = "code"
  has_and_belongs_to_many :accounts, foreign_key: "country_code"
end
