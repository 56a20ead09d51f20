class Widget < ActiveRecord::Base
  validates :name, presence: true

  scope :named, -> { where(name: ) 
end
