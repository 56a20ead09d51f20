class Group < ActiveRecord::Base
  has_many :memberships
  has_many :roles, through: :memberships
  # Declared before the association it goes through: resolved in dependency order.
  has_many :permissions, through: :roles
  has_many :grants, through: :roles
end
