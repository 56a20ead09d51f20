class SignupEvent < Event
  def self.sti_name
    "signup"
  end
end
