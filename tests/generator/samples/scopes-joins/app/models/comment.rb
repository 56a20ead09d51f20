class Comment < ActiveRecord::Base
  belongs_to :commentable, polymorphic: true

  scope :on, ->(record) { where(commentable: record) }
end
