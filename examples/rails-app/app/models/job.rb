class Job < ApplicationRecord
  include Loggable
  include Discard::Model

  # Actions a write may name (job.update({status: 'done'}, {action: 'completed', note: …})).
  LOGGABLE_OPTIONS = { custom_actions: %w[completed], display: :title }.freeze

  belongs_to :client
  # The technician doing the job.
  belongs_to :assigned_to, class_name: "User", optional: true
  has_many :tasks, -> { order(position: :asc) }, dependent: :destroy
  # What the technician wrote on site (who wrote it is in the note's activity log).
  has_many :notes, -> { order(created_at: :asc) }, dependent: :destroy
  # The job's timeline: every log that references it (its own and its tasks').
  has_many :timeline, class_name: "ActivityLog", foreign_key: :job_id, inverse_of: :job
  # A scoped has_one: its conditions go into a join's ON clause (the order picks "the one" only when read).
  has_one :next_task, -> { where(completed: false).order(position: :asc) }, class_name: "Task"

  enum :status, { open: "open", scheduled: "scheduled", in_progress: "in_progress", done: "done", cancelled: "cancelled" }

  validates :title, presence: true, length: { maximum: 200 }
  validates :priority, numericality: { only_integer: true, greater_than_or_equal_to: 0, less_than_or_equal_to: 5 }
  validates :estimated_hours, numericality: { greater_than: 0 }, allow_nil: true

  scope :active, -> { where(status: %w[open scheduled in_progress]) }
  scope :urgent, -> { where(priority: 4..5) }
  scope :recent, -> { order(created_at: :desc) }
  scope :for_client, ->(client_id) { where(client_id: client_id) }

  # SQL strings, times relative to now, a record argument, none and class methods
  # (tests/integration/generated-scopes.test.ts checks each against hand-written SQL).
  scope :pressing, -> { where("priority >= 4 AND status IN ('open', 'scheduled') OR title ILIKE ?", "%leak%") }
  scope :unscheduled, -> { where.not("scheduled_on IS NOT NULL") }
  scope :created_this_week, -> { where("created_at > ?", 1.week.ago) }
  scope :due_soon, -> { where(scheduled_on: Date.today..7.days.from_now) }
  scope :for_client_record, ->(client) { where(client_id: client.id) }
  scope :nothing, -> { none }

  def self.low_priority = where("priority BETWEEN 0 AND 1")

  def self.most_urgent(n)
    active.order(priority: :desc).limit(n)
  end
  # Joins as EXISTS over the association (tests/integration/generated-scopes.test.ts).
  scope :for_client_named, ->(name) { joins(:client).where(clients: { name: name }) }
  scope :for_client_of, ->(client) { where(client: client) }
  scope :with_pending_tasks, -> { joins(:tasks).merge(Task.pending).distinct }
  scope :with_tasks, -> { where.associated(:tasks).distinct }
  scope :with_tasks_titled, ->(title) { joins(:tasks).where("tasks.title ILIKE ? AND NOT tasks.completed", title).distinct }
  # A branch by the argument (nil: every job), and a default.
  scope :with_priority, ->(priority = nil) { where(priority: priority) if priority.present? }
  scope :below_priority, ->(max = 2) { where("priority < ?", max) }
  # NOT EXISTS: stays a TODO (Zero's client does not run not(exists())).
  scope :without_tasks, -> { where.missing(:tasks) }
  scope :assigned_to, ->(user_id) { where(assigned_to_id: user_id) }
  scope :by_schedule, -> { order(scheduled_on: :asc) }
  # `or` over the whole WHERE of each side (a scope on the left), and an Arel predicate.
  scope :urgent_or_unscheduled, -> { urgent.or(where(scheduled_on: nil)) }
  scope :low_or_unscheduled, -> { where(arel_table[:priority].lteq(1).or(arel_table[:scheduled_on].eq(nil))) }
  # Calendar boundaries computed when the query runs (UTC, weeks from Monday), and nil + a range in a list.
  scope :scheduled_this_week, -> { where(scheduled_on: Date.today.beginning_of_week..Date.today.end_of_week) }
  scope :created_before_today, -> { where("created_at < ?", Time.zone.now.midnight) }
  scope :unscheduled_or_within_a_week, -> { where(scheduled_on: [nil, Date.today..Date.today + 7]) }
  # Values built from the arguments when the query runs: a pattern, a count of days, a nil-able record.
  scope :titled_like, ->(text) { where("title ILIKE ?", "%#{text}%") }
  scope :created_within_days, ->(days) { where("created_at > ?", days.days.ago) }
  scope :for_client_or_unassigned, ->(client) { where(client_id: [nil, client&.id]) }
  # first(n): the primary key's order and LIMIT n (an Array in Rails, of the same rows).
  scope :first_urgent, ->(n) { urgent.first(n) }
  # Locals named once, then one expression; a regexp test of the argument.
  scope :urgent_of, ->(client = nil) {
    q = urgent
    client ? q.where(client: client) : q.all
  }
  # A literal hash constant looked up by the argument, with a default.
  PRIORITY_NAMES = { "high" => 5, "low" => 1 }.freeze
  scope :with_priority_named, ->(name) { where(priority: PRIORITY_NAMES.fetch(name, 0)) }
  scope :with_status_named, ->(name) { name.to_s.match?(/\A[a-z_]+\z/) ? where(status: name) : none }
  # Joins of the scoped has_one: EXISTS carrying its conditions (its order picks one of several
  # rows, which a join ignores: the job comes once per pending task, hence distinct).
  scope :with_next_task, -> { joins(:next_task).distinct }
  scope :next_task_titled, ->(title) { joins(:next_task).where(tasks: { title: title }).distinct }
end
