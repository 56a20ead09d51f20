class Import < ApplicationRecord
  has_many :rows, dependent: :destroy
end
