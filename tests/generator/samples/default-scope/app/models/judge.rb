class Judge < ActiveRecord::Base
  belongs_to :organization

  default_scope { order(name: :asc) }
  # Refused: Rails adds Organization's default_scope to the join.
  scope :of_named_organization, ->(name) { joins(:organization).where(organizations: { name: name }) }
end
