class Version < ApplicationRecord
  belongs_to :rubygem
  has_many :downloads
  scope :unyanked, -> { where(yanked: false) }
end
