class Step < ApplicationRecord
  belongs_to :board
  positioned on: :board, column: :sort_order
end
