module Accounts
  class UserAuthentication < ApplicationRecord
    belongs_to :email_authentication
  end
end
