module Publishable
  extend ActiveSupport::Concern

  class_methods do
    # A concern's class method with a relation body is a scope of the including model.
    def published_recently
      where("published_at > ?", 30.days.ago)
    end
  end
end
