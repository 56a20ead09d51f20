class Note < ActiveRecord::Base
  include Loggable
  # High-volume, non-critical: logged through the batched logger after the write commits.
  LOGGABLE_OPTIONS = { log_mode: :deferred }
end
