class Entry < ApplicationRecord
  belongs_to :entryable, polymorphic: true
  scope :visible, -> { where(excluded: false) }
end
