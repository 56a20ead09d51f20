module Shop
  module Limits
    CODE_LENGTH = 12
  end
end
