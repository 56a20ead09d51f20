module Billing
  module Stripe
    class Refund < ApplicationRecord
      self.table_name = "billing_refunds"
      has_one :charge
    end
  end
end
