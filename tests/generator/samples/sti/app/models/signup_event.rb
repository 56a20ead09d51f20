class SignupEvent < Event
end
