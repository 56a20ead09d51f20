# frozen_string_literal: true

module Patterns
  extend ActiveSupport::Concern

  ALLOWED_CHARACTERS = "[A-Za-z0-9#{Regexp.escape('.-_')}]+".freeze
  NAME_PATTERN = /\A#{ALLOWED_CHARACTERS}\z/
  HANDLE_PATTERN = /\A[A-Za-z][A-Za-z_\-0-9]*\z/
  SHA_PATTERN = %r{\A[0-9a-zA-Z_+/-]{43}={0,2}\z}
end
