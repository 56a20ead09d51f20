# Two parents and no list macro: which list would it be? Not ordered.
class Note < ApplicationRecord
  belongs_to :card
  belongs_to :board
end
