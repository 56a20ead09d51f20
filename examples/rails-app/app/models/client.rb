class Client < ApplicationRecord
  include Loggable

  has_many :jobs, dependent: :destroy
  has_many :tasks, through: :jobs
  has_many :timeline, class_name: "ActivityLog", inverse_of: :client

  # Clients are told apart by name (two devices adding the same client offline: the second is refused).
  validates :name, presence: true, uniqueness: true, length: { maximum: 120 }
  validates :email, format: { with: /\A[^@\s]+@[^@\s]+\z/ }, allow_blank: true

  scope :alphabetical, -> { order(name: :asc) }
  # Through jobs (has_many :tasks, through: :jobs), and includes + a where on the included table.
  scope :with_completed_tasks, -> { joins(:tasks).where(tasks: { completed: true }).distinct }
  scope :with_open_jobs, -> { includes(:jobs).where(jobs: { status: "open" }) }
  # Through the polymorphic has_many :activity_logs, as: :loggable (Loggable): the join tests loggable_type = 'Client'.
  scope :logged_action, ->(action) { joins(:activity_logs).where(activity_logs: { action: action }).distinct }
  # A subquery on the association's keys (id IN (SELECT client_id FROM jobs …)): an EXISTS over jobs.
  scope :with_urgent_jobs, -> { where(id: Job.urgent.where.not(status: :open).select(:client_id)) }
end
