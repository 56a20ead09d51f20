class Version < ApplicationRecord
  belongs_to :rubygem
  scope :unyanked, -> { where(yanked: false) }
end
