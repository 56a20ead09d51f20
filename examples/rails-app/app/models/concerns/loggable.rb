# Records every create/update/destroy of the including model in activity_logs.
# zero-active-models recognises `include Loggable` and logs the same writes on
# the client, atomically with the parent row.
module Loggable
  extend ActiveSupport::Concern

  included do
    has_many :activity_logs, as: :loggable
  end
end
