class APIKey < ApplicationRecord
  belongs_to :campaign
  belongs_to :github_user, optional: true # acronym: GitHubUser, table "github_users"
end
