module Billing
  # Lexical lookup: CODE_LENGTH is Billing::CODE_LENGTH here, not Shop::Limits::CODE_LENGTH.
  CODE_LENGTH = 8

  class Invoice < ApplicationRecord
    self.table_name = "billing_invoices"

    validates :code, length: {maximum: CODE_LENGTH}
    validates :code, length: {minimum: Shop::Limits::CODE_LENGTH - 10}
    validates :note, length: {maximum: Shop::Limits::CODE_LENGTH}
    validates :currency, inclusion: {in: CURRENCIES}
    validates :note, inclusion: {in: ::Rubygem::PERIODS.keys}, allow_nil: true
  end
end
