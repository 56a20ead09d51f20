class Order < ActiveRecord::Base
  include AASM
  has_many :order_details

  # AASM defines a scope per state (`Order.purchased` is where(state: "purchased"))
  aasm column: :state do
    state :new, initial: true
    state :purchased
  end

  scope :recent_purchases, -> { purchased.where.not(ordered_at: nil) }
end
