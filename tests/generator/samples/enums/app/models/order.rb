class Order < ActiveRecord::Base
  CHANNELS = { web: "web", phone: "phone" }.freeze

  # Old style: a hash of enums, with _prefix / _suffix.
  enum status: { pending: 0, paid: 1, shipped: 2 }, _prefix: true
  enum shipping: [:ground, :air], _suffix: :delivery
  # New style.
  enum :payment, { card: "card", cash: "cash" }, prefix: :pay, scopes: false
  enum :channel, CHANNELS
  enum :level, %i[low mid high]
  enum :source, from_config
end
