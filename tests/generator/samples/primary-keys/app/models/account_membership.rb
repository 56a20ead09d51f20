class AccountMembership < ApplicationRecord
  self.primary_key = [:account_id, :device_id]
  belongs_to :account
  belongs_to :device
end
