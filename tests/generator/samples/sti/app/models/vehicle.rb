class Vehicle < ActiveRecord::Base
  validates :name, presence: true
  scope :named, -> { where.not(name: nil) }
end
