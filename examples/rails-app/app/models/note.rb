class Note < ApplicationRecord
  include Loggable

  # A note on a job, written on site.
  belongs_to :job

  validates :body, presence: true, length: { maximum: 2000 }

  scope :oldest_first, -> { order(created_at: :asc) }
end
