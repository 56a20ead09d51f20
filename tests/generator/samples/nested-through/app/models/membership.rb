class Membership < ActiveRecord::Base
  belongs_to :group
  belongs_to :role
  # The source is itself a through association of Role.
  has_many :permissions, through: :role
end
