class Article < ActiveRecord::Base
  include Publishable

  # SQL strings, parsed by PostgreSQL's parser (each kind of predicate once)
  scope :sql_compare, -> { where("score >= 10 AND articles.status <> 'draft'") }
  scope :sql_or_not, -> { where("featured OR NOT (score < 3)") }
  scope :sql_null, -> { where("published_at IS NOT NULL AND author_id IS NULL") }
  scope :sql_in, -> { where("status IN ('live', 'archived')") }
  scope :sql_like, -> { where("title LIKE 'How%' OR title ILIKE ?", "%guide%") }
  scope :sql_not_like, -> { where("title NOT ILIKE '%draft%'") }
  scope :sql_between, -> { where("score BETWEEN 1 AND 5") }
  scope :sql_positional, ->(min, author) { where("score > ? AND author_id = ?", min, author) }
  scope :sql_named, ->(q) { where("title ILIKE :q OR status = :q", q: q) }
  scope :sql_array, ->(ids) { where(["author_id IN (?)", ids]) }
  scope :sql_not, -> { where.not("status = 'draft'") }
  scope :sql_now, -> { where("published_at < now() AND publish_on <= CURRENT_DATE") }
  scope :sql_flipped, -> { where("5 < score") }
  scope :sql_order, -> { order("score DESC, articles.title") }

  # Relative times, computed when the query runs
  scope :this_week, -> { where("created_at > ?", 1.week.ago) }
  scope :upcoming, -> { where(publish_on: Date.today..30.days.from_now) }
  scope :last_month, -> { where(published_at: 1.month.ago..Time.current) }
  scope :yesterday_on, -> { where(publish_on: Date.yesterday) }
  scope :older_than_a_day, -> { where("published_at < ?", Time.current - 1.day) }

  scope :nothing, -> { none }
  scope :everything, -> { select("articles.*").where(featured: true) }
  scope :by_author, ->(author) { where(author_id: author.id) }

  # Class methods with a single relation body are scopes
  def self.live = where(status: "live")

  def self.top(n)
    live.order(score: :desc).limit(n)
  end

  class << self
    def featured_live
      live.where(featured: true)
    end

    # Not scopes: ordinary class methods are not reported
    def titles
      live.pluck(:title)
    end
  end

  # Interpolating an argument into a pattern, and an attribute of a nil-able argument (user&.id)
  scope :title_contains, ->(q) { where("title LIKE ?", "%#{q}%") }
  scope :by_author_of, ->(post) { where(author_id: [nil, post&.author_id]) }

  # Still refused (reported): functions, other tables, NULL comparisons, NULLS LAST
  scope :sql_function, -> { where("lower(title) = ?", "x") }
  scope :sql_join, -> { where("authors.name = 'x'") }
  scope :sql_eq_null, -> { where("score = NULL") }
  scope :sql_nulls_last, -> { order("published_at DESC NULLS LAST") }
  scope :sql_injection, -> { where("1 = 1; DELETE FROM articles") }
  scope :interpolated_call, ->(q) { where("title LIKE ?", "%#{q.strip.downcase}%") }
  scope :time_of_day, -> { where("published_at > ?", 1.day.ago.beginning_of_day) } # translated since: a calendar step (relative-time.ts)
end
