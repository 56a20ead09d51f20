# Compact form: the table prefix comes from the OIDC module by name, not by lexical nesting.
class OIDC::Provider < ApplicationRecord
end
