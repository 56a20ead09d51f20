module Billing
  def self.table_name_prefix
    "billing_"
  end
end
