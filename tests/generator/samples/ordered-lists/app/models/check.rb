# A position column and one parent: an ordered list by convention.
class Check < ApplicationRecord
  belongs_to :card
end
