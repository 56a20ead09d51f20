class Specimen < ActiveRecord::Base
  # ActiveSupport pluralizes "specimen" as "specimen" (the irregular man/men rule matches /(m)en$/i).
  self.table_name = "specimens"
end
