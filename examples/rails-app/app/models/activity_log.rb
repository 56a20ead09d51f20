class ActivityLog < ApplicationRecord
  belongs_to :user
  # Server events (a sign-in, an export) have no subject: the polymorphic pair is optional.
  belongs_to :loggable, polymorphic: true, optional: true
  belongs_to :client, optional: true
  belongs_to :job, optional: true

  validates :action, presence: true
  # success for every model write; events (trackActivity) may also be failed or in_progress.
  validates :status, inclusion: { in: %w[success failed in_progress] }, allow_nil: true

  scope :recent, -> { order(created_at: :desc) }
end
