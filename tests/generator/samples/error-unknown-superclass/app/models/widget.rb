# Typo in the superclass: Rails would fail to load this model.
class Widget < ApplicatonRecord
  validates :name, presence: true
end
