class Contact < ActiveRecord::Base
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
  # Refused: the condition is not a test of the arguments.
  scope :by_regexp, ->(made = nil) { where(score: 1) if /true|false/.match?(made.to_s) }
  # An argument compared with a literal, and empty? guarded by nil?.
  scope :checked_only, ->(checked) { (checked == 1) ? where(score: 1..) : all }
  scope :for_creators, ->(ids) { where(creator_id: ids) unless ids.nil? || ids.empty? }
end
