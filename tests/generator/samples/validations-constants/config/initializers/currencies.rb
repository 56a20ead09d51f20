CURRENCIES = %w[EUR USD].freeze
