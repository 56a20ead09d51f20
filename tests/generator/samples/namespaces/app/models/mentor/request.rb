class Mentor::Request < ApplicationRecord
  has_many :discussions
end
