class Event < ApplicationRecord
  belongs_to :server, optional: true
  default_scope { order(:id) }
  serialize :payload, coder: JSON
  has_paper_trail
end
