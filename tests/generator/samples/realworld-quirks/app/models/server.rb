class Server < ApplicationRecord
  include Discard::Model
  include Recordable

  belongs_to :ip_pool, optional: true
  belongs_to :github_user, optional: true
  has_many :peers, through: :ip_pool, source: :servers

  validates :hostname, format: { with: HOST_FORMAT }

  scope :live, -> { kept.order(:hostname) }
  scope :gone, -> { discarded }
end
