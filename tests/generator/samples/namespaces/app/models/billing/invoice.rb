module Billing
  class Invoice < ApplicationRecord
    has_many :charges, class_name: "Billing::Stripe::Charge"
  end
end
