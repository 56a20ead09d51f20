class Post < ActiveRecord::Base
  include Discard::Model
end
