class Rubygem < ApplicationRecord
  self.table_name = "gems"
  include Patterns

  PERIODS = {"day" => {label: "1D"}, "week" => {label: "1W"}}.freeze

  # config/application.rb, qualified from the top level
  validates :name, length: {maximum: Shopcutter::MAX_FIELD_LENGTH}
  validates :summary, length: {maximum: Shopcutter::MAX_TEXT_FIELD_LENGTH}, allow_blank: true
  validates :version, length: {maximum: Shopcutter::VERSION_LIMIT}
  validates :kind, inclusion: {in: Shopcutter::KINDS}
  validates :stars, inclusion: {in: Shopcutter::STARS}
  # lib/patterns.rb
  validates :handle, format: {with: Patterns::HANDLE_PATTERN}
  validates :sha, format: Patterns::SHA_PATTERN, allow_nil: true
  # built by interpolating literal constants (Regexp.escape of a string; a regexp with the same flags)
  validates :platform, format: {with: Patterns::NAME_PATTERN}
  VALID_HANDLE = /[a-z][a-z0-9_-]{0,24}/
  validates :handle, format: {with: /\A#{VALID_HANDLE}\z/o}, allow_nil: true
  # a case-insensitive regexp inside a case-sensitive one: (?i-mx:…) has no JS form here, reported
  CASELESS = /[a-z]+/i
  validates :summary, format: {with: /\A#{CASELESS}\z/}, allow_nil: true
  # a gem's constant: reported
  validates :version, format: {with: ::Gem::Version::VERSION_PATTERN}
  validates :period, inclusion: {in: PERIODS.keys}
  # a module method whose body is one literal (app/modules/gem_kinds.rb)
  validates :kind, inclusion: {in: GemKinds.all}, allow_nil: true
  # evaluated per record: reported
  validates :period, inclusion: {in: -> { Period.enabled_keys }}, allow_nil: true
  validates :kind, inclusion: {in: GemKinds.options_for_select}, allow_nil: true
  # shorthand regexp (Rails reads a non-Hash value as with:)
  validates :name, format: /\A[a-z]/
end
