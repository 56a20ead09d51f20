class Download < ApplicationRecord
  belongs_to :rubygem
end
