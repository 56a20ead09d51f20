class Import::Row < ApplicationRecord
  belongs_to :import
end
