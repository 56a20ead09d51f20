class Project < ActiveRecord::Base
  belongs_to :account
  has_many :issues
  has_many :comments, as: :commentable
  has_one :archive

  enum :state, { draft: 0, live: 1 }

  # belongs_to: one joined row per project, no distinct needed; the key may be the table or the association.
  scope :of_active_accounts, -> { joins(:account).where(accounts: { active: true }) }
  scope :of_account_named, ->(name) { joins(:account).where(account: { name: name }) }
  scope :not_of_account_named, ->(name) { joins(:account).where.not(accounts: { name: name }) }
  scope :of_account, ->(account) { where(account: account) }
  scope :merged_active, -> { joins(:account).merge(Account.active) }
  scope :merged_ordering, -> { joins(:account).merge(Account.by_name) }
  scope :merged_own, -> { merge(Project.live) }
  scope :with_issues, -> { where.associated(:issues).distinct }
  scope :without_issues, -> { left_joins(:issues).where(issues: { id: nil }) }
  scope :without_archive, -> { left_outer_joins(:archive).where(archives: { id: nil }) }
  scope :with_visible_archive, -> { joins(:archive).where(archive: { hidden: false }).where(state: :live) }
  scope :included_filter, -> { includes(:issues).where(issues: { open: false }) }
  scope :bugs_owned_by, ->(user_id) { joins(:issues).merge(Bug.owned_by(user_id)).distinct }
  # A subquery on the keys of an association (id IN (SELECT project_id FROM issues …)) is an EXISTS over it.
  scope :with_open_issues, -> { where(id: Issue.where(open: true).select(:project_id)) }
  scope :with_owned_bugs, ->(user_id) { where(id: Bug.owned_by(user_id).select(:project_id).distinct) }
  # SQL naming only a joined table's columns: inside that join's EXISTS.
  scope :with_urgent_issue_sql, ->(level) { joins(:issues).where("issues.priority >= ? AND issues.open IS TRUE", level).distinct }
  scope :of_account_not_named_sql, ->(name) { joins(:account).where.not("accounts.name = ?", name) }
  # Refused, each with its reason:
  scope :sql_mixed_tables, -> { joins(:account).where("accounts.active AND projects.state = 1") }
  scope :sql_unjoined_table, -> { where("accounts.active") }
  scope :without_open_issues, -> { where.not(id: Issue.where(open: true).select(:project_id)) }
  scope :subquery_other_column, -> { where(id: Issue.select(:owner_id)) }
  scope :with_comments, -> { joins(:comments).distinct }
  scope :unjoined_where, -> { where(issues: { open: true }) }
  scope :sql_join, -> { joins("INNER JOIN issues ON issues.project_id = projects.id") }
  scope :ordered_by_account, -> { joins(:account).order("accounts.name") }
end
