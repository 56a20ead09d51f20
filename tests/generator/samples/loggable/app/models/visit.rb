class Visit < ActiveRecord::Base
  include Auditable
  LOGGABLE_OPTIONS = { except: %w[cached_cost], actions: { status: "status_changed", title: "retitled" } }.freeze
  belongs_to :site
  has_many :readings
end
