class Trade < ApplicationRecord
  include Entryable
end
