class Widget < ActiveRecord::Base
  has_many :parts
  belongs_to :maker, class_name: "Manufacturer"
end
