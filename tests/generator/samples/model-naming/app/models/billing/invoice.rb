module Billing
  class Invoice < ApplicationRecord
    belongs_to :customer, class_name: "::Customer", optional: true
  end
end
