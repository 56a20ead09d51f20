class Valuation < ApplicationRecord
  include Entryable

  # Rails writes this into entryable_type instead of the class name: Ruby the generator does not evaluate.
  def self.polymorphic_name
    "Valuation::Legacy"
  end
end
