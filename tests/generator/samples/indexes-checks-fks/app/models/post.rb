class Post < ActiveRecord::Base
  belongs_to :author
  belongs_to :editor, class_name: "Author", optional: true
  has_many :comments, dependent: :delete_all
end
