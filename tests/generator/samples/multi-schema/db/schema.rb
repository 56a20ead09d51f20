# Rails ≥ 7.1 dumps extra PostgreSQL schemas with create_schema and qualified names.
ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_schema "analytics"

  create_enum "analytics.level", ["low", "high"]

  create_table "accounts", force: :cascade do |t|
    t.string "name"
  end

  create_table "analytics.events", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.enum "level", enum_type: "analytics.level"
    t.index ["account_id"], name: "index_analytics_events_on_account_id"
  end

  add_foreign_key "analytics.events", "accounts"
end
