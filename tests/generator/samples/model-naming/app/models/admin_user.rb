class AdminUser < ActiveRecord::Base
  self.table_name = "users"
end
