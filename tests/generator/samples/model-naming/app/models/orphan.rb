class Orphan < ApplicationRecord
end
