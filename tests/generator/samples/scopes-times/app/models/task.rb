class Task < ActiveRecord::Base
  CONNECTION_TTL = 60.seconds
  RETENTION_YEARS = 2

  # Calendar boundaries (ActiveSupport, UTC, weeks from Monday), computed when the query runs
  scope :overdue, -> { where("due_at IS NOT NULL AND due_at < ?", Time.zone.now.midnight.utc) }
  scope :due_today, -> { where("due_at >= ? AND due_at < ?", Time.zone.now.midnight.utc, Time.zone.now.midnight.tomorrow.utc) }
  scope :due_next_week, -> { where("due_at >= ? AND due_at < ?", Time.zone.now.next_week.utc, Time.zone.now.next_week.end_of_week.utc + 1.day) }
  scope :completed_last_week, -> { where("completed_at >= ? AND completed_at < ?", Time.zone.now.beginning_of_week.utc - 7.days, Time.zone.now.beginning_of_week.utc) }
  scope :completed_last_month, -> { where(completed_at: (Time.zone.now.beginning_of_month.utc - 1.day).beginning_of_month...Time.zone.now.beginning_of_month) }
  scope :since_last_month, -> { where("due_on > ?", 1.month.ago.beginning_of_month) }
  scope :due_this_month, -> { where(due_on: Date.today.beginning_of_month..Date.today.end_of_month) }
  scope :from_today, -> { where(due_on: Time.current.to_date..Float::INFINITY) }

  # Durations held in literal constants
  scope :connected, -> { where(connected_at: CONNECTION_TTL.ago..) }
  scope :disconnected, -> { where(connected_at: [nil, ...CONNECTION_TTL.ago]) }
  scope :expired, -> { where("created_at < ?", RETENTION_YEARS.years.ago) }

  # Lists with nil and ranges (Rails ORs their parts)
  scope :undated_or_soon, -> { where(due_on: [nil, Date.today..Date.today + 7]) }
  scope :not_in_range, -> { where.not(due_on: Date.today..Date.tomorrow) }

  # A parameter counting a fixed unit, computed when the query runs
  scope :older_than, ->(hours) { where("due_at < ?", Time.now - hours.hours) }
  scope :due_within, ->(days) { where(due_at: Time.current..days.days.from_now) }

  # Still refused: a parameter counting calendar months, a value of another method
  scope :months_old, ->(months) { where("due_at < ?", months.months.ago) }
  scope :parsed, -> { where(due_at: Time.zone.parse("2024-01-01")) }
end
