# A top-level Request that Mentor::Request must shadow inside Mentor.
class Request < ApplicationRecord
end
