class Permission < ActiveRecord::Base
  has_many :grants
end
