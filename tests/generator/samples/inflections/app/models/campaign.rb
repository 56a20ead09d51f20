class Campaign < ApplicationRecord
  has_many :product_drives # irregular: ProductDrive, not ProductDrife
  has_many :api_keys       # acronym: APIKey
  has_many :staff          # uncountable: Staff, table "staff"
  has_many :feedback       # uncountable (from a %w list)
  has_many :cacti          # regex singular rule: Cactus
  has_many :regalia        # string singular rule: Regalium by default, here Regalia
end
