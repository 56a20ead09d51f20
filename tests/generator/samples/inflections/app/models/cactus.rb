class Cactus < ApplicationRecord
  belongs_to :campaign
end
