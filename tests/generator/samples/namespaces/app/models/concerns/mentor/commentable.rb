# A concern's association resolves from the including model (Mentor::Discussion).
module Mentor::Commentable
  extend ActiveSupport::Concern

  included do
    has_many :comments, foreign_key: :discussion_id
  end
end
