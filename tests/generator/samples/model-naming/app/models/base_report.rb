class BaseReport < ApplicationRecord
  self.abstract_class = true
end
