class OrderDetail < ActiveRecord::Base
  include AASM
  belongs_to :order

  aasm column: :state, create_scopes: false do
    state :new, initial: true
    state :complete
  end

  # merge of the joined model's AASM scope: its condition inside the EXISTS
  scope :purchased, -> { joins(:order).merge(Order.purchased) }
  # Refused: create_scopes: false defines no `complete` scope
  scope :done, -> { complete }
end
