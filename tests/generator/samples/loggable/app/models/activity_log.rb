class ActivityLog < ActiveRecord::Base
  belongs_to :user
  belongs_to :loggable, polymorphic: true
  belongs_to :site, optional: true
  belongs_to :visit, optional: true
end
