class Archive < ActiveRecord::Base
  belongs_to :project
end
