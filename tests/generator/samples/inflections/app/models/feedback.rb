class Feedback < ApplicationRecord
  belongs_to :campaign
end
