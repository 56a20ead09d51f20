module Entryable
  extend ActiveSupport::Concern

  included do
    has_one :entry, as: :entryable

    scope :with_entry, -> { joins(:entry) }
    scope :in_period, ->(from, to) { joins(:entry).where(entries: {date: from..to}) }
    scope :visible, -> { joins(:entry).merge(Entry.visible) }
  end
end
