# A Rails users table as Devise (+ two-factor, trackable, confirmable) and
# has_secure_password / has_secure_token leave it, plus `encrypts` attributes
# and a ZERO_PRIVATE list: none of those columns may reach zero-cache.
ActiveRecord::Schema[8.0].define(version: 2026_12_01_000000) do
  enable_extension "plpgsql"

  create_table "users", force: :cascade do |t|
    t.string "email", default: "", null: false
    t.string "encrypted_password", default: "", null: false
    t.string "reset_password_token"
    t.datetime "reset_password_sent_at"
    t.datetime "remember_created_at"
    t.string "confirmation_token"
    t.datetime "confirmed_at"
    t.datetime "confirmation_sent_at"
    t.string "unconfirmed_email"
    t.integer "sign_in_count", default: 0, null: false
    t.datetime "current_sign_in_at"
    t.datetime "last_sign_in_at"
    t.string "current_sign_in_ip"
    t.string "last_sign_in_ip"
    t.integer "failed_attempts", default: 0, null: false
    t.string "unlock_token"
    t.datetime "locked_at"
    t.string "otp_secret"
    t.integer "consumed_timestep"
    t.boolean "otp_required_for_login", default: false, null: false
    t.string "name", null: false
    t.text "ssn"
    t.text "date_of_birth"
    t.string "home_address"
    t.boolean "admin", default: false, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["email"], name: "index_users_on_email", unique: true
    t.index ["reset_password_token"], name: "index_users_on_reset_password_token", unique: true
  end

  create_table "api_clients", force: :cascade do |t|
    t.string "name", null: false
    t.string "password_digest"
    t.string "recovery_password_digest"
    t.string "token"
    t.string "auth_token"
    t.string "client_secret"
    t.string "webhook_api_key"
    t.string "notes_ciphertext"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "audit_secrets", id: false, force: :cascade do |t|
    t.string "label", null: false
  end

  # No model at all: withheld by name anyway.
  create_table "legacy_logins", force: :cascade do |t|
    t.string "login", null: false
    t.string "password_hash"
    t.string "salt"
  end
end
