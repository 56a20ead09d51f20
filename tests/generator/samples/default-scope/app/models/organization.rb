class Organization < ActiveRecord::Base
  has_many :judges

  # Applied to every read; Organization.unscoped bypasses it.
  default_scope { not_deleted }
  scope :not_deleted, -> { where(deleted_at: nil) }
  scope :deleted, -> { unscoped.where.not(deleted_at: nil) }
end
