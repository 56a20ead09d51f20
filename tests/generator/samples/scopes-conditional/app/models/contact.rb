class Contact < ActiveRecord::Base
  ROLES = [
    ADMIN_ROLE = "admin",
    EDITOR_ROLE = "editor"
  ].freeze

  def self.kinds
    @kinds ||= %w[call visit]
  end

  # A scope returning nil is `all` in Rails: each branch by the arguments, evaluated when called.
  scope :creators, ->(creator_ids = nil) { where(creator_id: creator_ids) if creator_ids.present? }
  scope :occurred_between, ->(from = nil, to = nil) {
    where("occurred_at BETWEEN ? AND ?", from, to) if from.present? && to.present?
  }
  scope :unless_blank, ->(min) { where("score >= ?", min) unless min.blank? }
  scope :either, ->(flag) {
    if flag.nil?
      order(:id)
    elsif !flag
      where(score: 0)
    else
      where.not(score: 0)
    end
  }
  scope :low_scoring, ->(max = 5) { where("score < ?", max) }
  # A regexp over the argument's to_s (nil is ""), or over a String argument.
  scope :by_regexp, ->(made = nil) { where(made: made) if /true|false/.match?(made.to_s) }
  scope :named_role, ->(q) { q.match?(/\A[a-z]+\z/) ? where(role: q) : none }
  # Refused: Regexp#match? on an argument that may not be a String, and a test of something else.
  scope :regexp_on_raw, ->(q) { where(score: 1) if /\d/.match?(q) }
  scope :by_attribute, ->(user) { where(score: 1) if user.admin? }
  # A literal hash constant looked up by the argument (fetch with a default, [] gives nil; fetch alone raises).
  SCORES = { "low" => 1, "high" => 5 }.freeze
  DEFAULT_SCORE = 0
  scope :scored, ->(level) { where(score: SCORES.fetch(level, DEFAULT_SCORE)) }
  scope :scored_or_nil, ->(level) { where(score: SCORES[level]) }
  scope :scored_strict, ->(level) { where(score: SCORES.fetch(level)) }
  # A constant written inside a literal list, and a class method returning a literal.
  scope :admins, -> { where(role: ADMIN_ROLE) }
  scope :of_known_kind, -> { where(kind: kinds) }
  # Locals assigned once, then one expression over them.
  scope :flagged, ->(creator = nil) {
    q = where(score: -1)
    creator ? q.where(creator_id: creator) : q.all
  }
  # Refused: a local reassigned.
  scope :reassigned, ->(flag) {
    q = where(score: 1)
    q = q.where(made: true) if flag
    q
  }
  # An argument compared with a literal, and empty? guarded by nil?.
  scope :checked_only, ->(checked) { (checked == 1) ? where(score: 1..) : all }
  scope :for_creators, ->(ids) { where(creator_id: ids) unless ids.nil? || ids.empty? }
end
