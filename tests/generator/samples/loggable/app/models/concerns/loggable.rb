module Loggable
  extend ActiveSupport::Concern

  included do
    has_many :activity_logs, as: :loggable
  end
end
