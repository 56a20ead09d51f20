class Bug < Issue
  scope :of_live_projects, -> { joins(:project).merge(Project.live) }
end
