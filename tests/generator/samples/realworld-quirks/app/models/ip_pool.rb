# With `inflect.acronym "IP"`, Rails maps :ip_pool to IPPool.
class IPPool < ApplicationRecord
  has_many :servers
  # Redefined: Rails keeps the later declaration.
  has_many :servers, dependent: :nullify
end
