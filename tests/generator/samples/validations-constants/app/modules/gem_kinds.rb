# app/modules is autoloaded like every app/ directory; `all` returns the same literal on every call.
module GemKinds
  GEM = "gem".freeze
  EXTENSION = "extension".freeze

  def self.all
    [GEM, EXTENSION]
  end

  def self.options_for_select
    all.map { |item| [item.titleize, item] }
  end
end
