# A concern that brings Loggable in indirectly.
module Auditable
  extend ActiveSupport::Concern
  include Loggable
end
