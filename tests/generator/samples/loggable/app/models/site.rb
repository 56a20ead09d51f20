class Site < ActiveRecord::Base
  include Loggable
  has_many :visits
end
