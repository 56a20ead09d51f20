class Draft < ActiveRecord::Base
  include Discard::Model
end
