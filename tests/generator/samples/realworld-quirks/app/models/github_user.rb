# With `inflect.acronym "GitHub"`, GitHubUser's table is github_users.
class GitHubUser < ApplicationRecord
end
