class Task < ApplicationRecord
  include Loggable

  belongs_to :job
  acts_as_list scope: :job

  validates :title, presence: true, length: { maximum: 200 }
  validates :position, numericality: { only_integer: true, greater_than_or_equal_to: 0 }

  scope :pending, -> { where(completed: false) }
  scope :completed, -> { where(completed: true) }
  scope :ordered, -> { order(position: :asc) }
  # A filter from a form: "true"/"false" (or a boolean), ignored otherwise; Rails casts the string for the column.
  scope :completed_is, ->(flag = nil) { where(completed: flag) if /true|false/.match?(flag.to_s) }
end
