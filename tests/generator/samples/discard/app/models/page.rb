class Page < ActiveRecord::Base
  include Discard::Model
  self.discard_column = :archived_at
end
