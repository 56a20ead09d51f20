class Car < Vehicle
  validates :wheels, numericality: { equal_to: 4 }
end
