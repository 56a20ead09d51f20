class Profile < ActiveRecord::Base
  belongs_to :employee
end
