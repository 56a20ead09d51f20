require_relative "boot"
require "rails/all"

module Shopcutter
  class Application < Rails::Application
    config.load_defaults 7.1
  end

  MAX_FIELD_LENGTH = 255
  MAX_TEXT_FIELD_LENGTH = 64_000
  KINDS = %w[gem extension].freeze
  STARS = (0..5)
  VERSION_LIMIT = MAX_FIELD_LENGTH
end
