class ProductDrive < ApplicationRecord
  belongs_to :campaign
end
