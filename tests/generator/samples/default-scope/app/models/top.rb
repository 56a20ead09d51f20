class Top < ActiveRecord::Base
  default_scope { order(:rank).limit(10) }
end
