class Reading < ActiveRecord::Base
  include Loggable
  LOGGABLE_OPTIONS = { actions: { stage: "stage_changed" }, skip: true, bogus: 1 }
  belongs_to :visit
end
