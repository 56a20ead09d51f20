# STI switched off: the "type" column is plain data.
class Setting < ActiveRecord::Base
  self.inheritance_column = :_type_disabled
end
