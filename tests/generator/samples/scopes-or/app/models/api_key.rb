class ApiKey < ActiveRecord::Base
  belongs_to :user, optional: true

  # `or` / `and` combine the WHERE of the whole chain on each side
  scope :non_expired, -> { where(expires_at: nil).or(where(expires_at: Time.current..)) }
  scope :never_verified, -> { where(verified_at: nil) }
  scope :verified_before, ->(time) { where(verified_at: ...time) }
  scope :pending, -> { never_verified.or(verified_before(3.weeks.ago.beginning_of_day)).where(failures: 0) }
  scope :named_or_owned, ->(name, user) { where(name: name).where.not(uri: nil).or(ApiKey.where(user: user)) }
  scope :both, -> { non_expired.and(where(revoked_at: nil)) }

  # Arel predicates on the model's own columns
  scope :unexpired, -> { where(arel_table[:expires_at].eq(nil).or(arel_table[:expires_at].gt(Time.now.utc))) }
  scope :expired, -> { where(arel_table[:expires_at].lteq(Time.now.utc)) }
  scope :https, -> { where(arel_table[:uri].matches("https://%")) }
  scope :created_after, ->(time) { where(arel_table[:verified_at].gt(Arel::Nodes::BindParam.new(time))) }
  scope :not_in, ->(ids) { where.not(ApiKey.arel_table[:id].in(ids)) }

  # Still refused: joins on one side, an ordered side, another table's attribute, a function
  scope :with_user, -> { joins(:user) }
  scope :joined_or, -> { with_user.or(where(name: "x")) }
  scope :ordered_or, -> { where(name: "a").order(:name).or(where(name: "b")) }
  scope :other_table, -> { where(User.arel_table[:name].eq("x")) }
  scope :lowered, ->(name) { where(arel_table[:name].lower.eq(name)) }
end
