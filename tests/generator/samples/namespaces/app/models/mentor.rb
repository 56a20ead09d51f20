module Mentor
  def self.table_name_prefix
    "mentor_"
  end
end
