ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "api_keys", force: :cascade do |t|
    t.string "name", null: false
    t.string "uri"
    t.integer "failures", default: 0, null: false
    t.bigint "user_id"
    t.datetime "expires_at"
    t.datetime "verified_at"
    t.datetime "revoked_at"
  end

  create_table "users", force: :cascade do |t|
    t.string "name", null: false
  end
end
