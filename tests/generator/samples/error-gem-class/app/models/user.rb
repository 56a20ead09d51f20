class User < ActiveRecord::Base
  # The noticed gem defines Noticed::Notification; app/models has no Noticed.
  has_many :notifications, as: :recipient, class_name: "Noticed::Notification"
end
