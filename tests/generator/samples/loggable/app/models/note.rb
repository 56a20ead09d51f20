class Note < ActiveRecord::Base
  include Loggable
end
