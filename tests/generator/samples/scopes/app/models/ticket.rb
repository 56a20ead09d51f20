class Ticket < ActiveRecord::Base
  URGENT = [3, 4].freeze
  enum :state, { fresh: 0, working: 1, closed: 2 }

  scope :open_ones, -> { where(closed_at: nil) }
  scope :not_closed, -> { where.not(state: :closed) }
  scope :newest, -> { order(created_at: :desc) }
  scope :by_title, -> { order(:title) }
  scope :sql_order, -> { order("priority DESC, title") }
  scope :top, ->(n) { newest.limit(n) }
  # first(n): the chain's order (or the primary key's) and LIMIT n; first alone is a record.
  scope :first_newest, -> { newest.first(3) }
  scope :first_by_id, ->(n) { where(state: 0).first(n) }
  scope :the_first, -> { newest.first }
  scope :for_assignee, ->(user_id) { where(assignee_id: user_id) }
  scope :important, -> { where(priority: 3..) }
  scope :low, -> { where(priority: ...2) }
  scope :triage, -> { open_ones.where(priority: [1, 2]).by_title }
  scope :in_work, -> { working.newest }
  scope :unfinished, -> { not_fresh.newest }
  scope :with_includes, -> { includes(:assignee).where(state: 0) }
  scope :sql_where, -> { where("priority > 2") }
  scope :stale, -> { where("created_at < ?", 1.week.ago) }
  scope :recent, -> { where(created_at: 1.day.ago..) }
  scope :joined, -> { joins(:assignee).where(users: { active: true }) }
  scope :relies_on_skipped, -> { sql_where.newest }
  scope :old_style, lambda { |limit| where(priority: limit) }
  scope :proc_style, proc { where(state: 1) }
  scope :multi_line, -> {
    where(state: 1)
      .order(created_at: :asc)
  }
  scope :conditional, ->(flag) { flag ? where(state: 1) : all }
  scope :urgent, -> { where(priority: URGENT) }
  scope :ruby_method, -> { where(id: compute_ids) }

  def self.compute_ids
    [1]
  end
end
