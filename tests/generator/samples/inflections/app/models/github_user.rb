class GitHubUser < ApplicationRecord
  has_many :api_keys
end
