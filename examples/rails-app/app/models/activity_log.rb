class ActivityLog < ApplicationRecord
  belongs_to :user
  belongs_to :loggable, polymorphic: true
  belongs_to :client, optional: true
  belongs_to :job, optional: true

  validates :action, presence: true

  scope :recent, -> { order(created_at: :desc) }
end
