class Account < ActiveRecord::Base
  has_many :projects
  has_many :issues, through: :projects

  scope :active, -> { where(active: true) }
  scope :by_name, -> { order(:name) }

  # Through projects (Zero's two-hop relationship); has_many needs distinct (Rails repeats rows).
  scope :with_open_issues, -> { joins(:issues).where(issues: { open: true }).distinct }
  scope :with_projects_repeating, -> { joins(:projects) }
  # Nested joins: conditions on the inner table go into the inner EXISTS.
  scope :with_urgent_bugs, -> { joins(projects: :issues).where(issues: { priority: 3.. }).distinct }
  scope :without_projects, -> { where.missing(:projects) }
  # A belongs_to of the joined model (its foreign key), a joined column named "table.column", a bound list in [ ].
  scope :with_issues_in, ->(project) { joins(:issues).where(issues: { project: project }).distinct }
  scope :with_issue_titles, ->(titles) { includes(:issues).where("issues.title": [titles]) }
  scope :with_issues_in_short, ->(project) { joins(:issues).where(issues: { project: }).distinct }
end
