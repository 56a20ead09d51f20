class Job < ApplicationRecord
  include Loggable
  include Discard::Model

  # Actions a write may name (job.update({status: 'done'}, {action: 'completed', note: …})).
  LOGGABLE_OPTIONS = { custom_actions: %w[completed], display: :title }.freeze

  belongs_to :client
  # The technician doing the job.
  belongs_to :assigned_to, class_name: "User", optional: true
  has_many :tasks, -> { order(position: :asc) }, dependent: :destroy
  # The job's timeline: every log that references it (its own and its tasks').
  has_many :timeline, class_name: "ActivityLog", foreign_key: :job_id, inverse_of: :job

  enum :status, { open: "open", scheduled: "scheduled", in_progress: "in_progress", done: "done", cancelled: "cancelled" }

  validates :title, presence: true, length: { maximum: 200 }
  validates :priority, numericality: { only_integer: true, greater_than_or_equal_to: 0, less_than_or_equal_to: 5 }
  validates :estimated_hours, numericality: { greater_than: 0 }, allow_nil: true

  scope :active, -> { where(status: %w[open scheduled in_progress]) }
  scope :urgent, -> { where(priority: 4..5) }
  scope :recent, -> { order(created_at: :desc) }
  scope :for_client, ->(client_id) { where(client_id: client_id) }
end
