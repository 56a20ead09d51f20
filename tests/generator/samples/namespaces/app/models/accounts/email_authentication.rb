# Depth 1, nested module form: Accounts::UserAuthentication by its short name.
module Accounts
  class EmailAuthentication < ApplicationRecord
    belongs_to :user
    has_one :user_authentication
  end
end
