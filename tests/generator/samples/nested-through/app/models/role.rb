class Role < ActiveRecord::Base
  has_many :grants
  has_many :permissions, through: :grants
end
