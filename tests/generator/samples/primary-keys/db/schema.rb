ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  enable_extension "pgcrypto"

  # default: bigserial "id"
  create_table "accounts", force: :cascade do |t|
    t.string "name", null: false
  end

  create_table "devices", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "serial_number"
  end

  create_table "legacy_counters", id: :serial, force: :cascade do |t|
    t.integer "value", default: 0, null: false
  end

  create_table "snowflakes", id: :bigint, default: nil, force: :cascade do |t|
    t.string "label"
  end

  create_table "countries", primary_key: "code", id: :string, limit: 2, force: :cascade do |t|
    t.string "name", null: false
  end

  create_table "account_memberships", primary_key: ["account_id", "device_id"], force: :cascade do |t|
    t.bigint "account_id", null: false
    t.uuid "device_id", null: false
  end

  create_table "accounts_countries", id: false, force: :cascade do |t|
    t.bigint "account_id", null: false
    t.string "country_code", limit: 2, null: false
    t.index ["account_id", "country_code"], name: "index_accounts_countries_unique", unique: true
  end

  create_table "audit_events", id: false, force: :cascade do |t|
    t.string "message"
  end
end
