# With `inflect.acronym "IP"`, Rails maps :ip_pool to IPPool.
class IPPool < ApplicationRecord
  has_many :servers
end
