class Author < ActiveRecord::Base
  has_many :posts, inverse_of: :author
  has_many :edited_posts, class_name: "Post", foreign_key: :editor_id
  has_many :comments, through: :posts
  has_one :latest_post, -> { order(created_at: :desc) }, class_name: "Post"
end
