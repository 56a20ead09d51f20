# Stored as "Fleet::Truck" (store_full_sti_class defaults to true).
class Fleet::Truck < Vehicle
end
