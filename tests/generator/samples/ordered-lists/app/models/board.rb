class Board < ApplicationRecord
  has_many :cards, -> { order(:position) }, dependent: :destroy
  has_many :steps, -> { order(sort_order: :desc, id: :asc) }
  has_many :notes, -> { order("position DESC NULLS LAST") }
end
