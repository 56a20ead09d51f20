class Bike < Vehicle
end
