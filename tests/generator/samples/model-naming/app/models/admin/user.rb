# Admin is a plain module without a prefix: Admin::User uses table "users".
class Admin::User < ApplicationRecord
end
