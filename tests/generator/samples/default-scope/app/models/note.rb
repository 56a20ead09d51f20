class Note < ActiveRecord::Base
  default_scope -> { order("created_at DESC") }
  default_scope -> { where.not(body: nil) }
end
