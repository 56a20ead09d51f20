class Organization < ActiveRecord::Base
  has_many :people
  validates_uniqueness_of :name, case_sensitive: false
end
