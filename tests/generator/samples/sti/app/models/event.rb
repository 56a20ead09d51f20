class Event < ActiveRecord::Base
  self.inheritance_column = :kind
end
