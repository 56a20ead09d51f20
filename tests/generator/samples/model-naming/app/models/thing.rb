class Thing < ApplicationRecord
  self.table_name = "legacy_things"
  self.primary_key = :thing_id
end
