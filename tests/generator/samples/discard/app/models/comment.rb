class Comment < ActiveRecord::Base
  acts_as_paranoid
end
