class Regalia < ApplicationRecord
  belongs_to :campaign
end
