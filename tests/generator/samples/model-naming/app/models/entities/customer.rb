# A folder that is not a namespace: the class is top-level Customer.
class Customer < ApplicationRecord
  has_many :invoices, class_name: "Billing::Invoice"
  has_many :notes, class_name: "Customer::Note"

  class Note < ApplicationRecord
    belongs_to :customer
  end
end
