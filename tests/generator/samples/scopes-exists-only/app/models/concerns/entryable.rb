module Entryable
  extend ActiveSupport::Concern

  included do
    has_one :entry, as: :entryable

    scope :with_entry, -> { joins(:entry) }
    # A scope that joins, called by others: its join is theirs (Rails merges the called relation).
    scope :in_period, ->(from, to) { with_entry.where(entries: {date: from..to}) }
    scope :visible, -> { with_entry.merge(Entry.visible) }
    scope :visible_in, ->(from, to) { visible.in_period(from, to) }
  end
end
