module Billing
  class Account < ApplicationRecord
  end
end
