class Person < ActiveRecord::Base
  belongs_to :organization
  validates_presence_of :first_name
  validates_length_of :first_name, maximum: 255, allow_blank: true
end
