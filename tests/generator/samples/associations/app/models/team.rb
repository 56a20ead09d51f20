class Team < ActiveRecord::Base
  has_many :employees
  has_many :pictures, as: :imageable
end
