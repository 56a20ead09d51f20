module Recordable
  extend ActiveSupport::Concern
  HOST_FORMAT = /\A[a-z0-9.-]+\z/

  included do
    has_many :events, class_name: "#{name}Event", dependent: :destroy
  end
end
