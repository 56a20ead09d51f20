class Specimen < ActiveRecord::Base
end
