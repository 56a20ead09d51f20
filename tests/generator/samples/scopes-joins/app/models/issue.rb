class Issue < ActiveRecord::Base
  belongs_to :project

  scope :owned_by, ->(user_id) { where(owner_id: user_id) }
end
