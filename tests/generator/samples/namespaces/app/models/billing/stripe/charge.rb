# Depth 2: :invoice is Billing::Invoice (two scopes out); class_name: "Account"
# is Billing::Account (nearer than ::Account); "::Account" is the top-level one;
# "Stripe::Refund" is found as Billing::Stripe::Refund.
module Billing
  module Stripe
    class Charge < ApplicationRecord
      self.table_name = "billing_charges"
      belongs_to :invoice
      belongs_to :customer, class_name: "Account"
      belongs_to :owner, class_name: "::Account", optional: true
      belongs_to :refund, class_name: "Stripe::Refund", optional: true
    end
  end
end
