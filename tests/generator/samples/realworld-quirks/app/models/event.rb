class Event < ApplicationRecord
  belongs_to :server, optional: true
end
