class Staff < ApplicationRecord
  belongs_to :campaign
end
