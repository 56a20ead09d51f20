class Card < ApplicationRecord
  belongs_to :board
  acts_as_list scope: :board
  has_many :checks
end
