# Compact form: Ruby's lexical scope is only Mentor::Discussion, but Rails'
# compute_type looks in Mentor too, so :request is Mentor::Request, not ::Request.
class Mentor::Discussion < ApplicationRecord
  include Mentor::Commentable
  belongs_to :request
  belongs_to :top_request, class_name: "::Request", foreign_key: :request_id, optional: true
end
