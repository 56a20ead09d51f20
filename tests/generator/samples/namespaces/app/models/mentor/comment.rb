class Mentor::Comment < ApplicationRecord
  belongs_to :discussion
end
