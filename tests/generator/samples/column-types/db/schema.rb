ActiveRecord::Schema[8.0].define(version: 2025_01_01_000000) do
  enable_extension "hstore"
  enable_extension "pg_catalog.plpgsql"

  create_enum "mood", ["happy", "sad", "it's complicated"]

  create_table "specimens", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "code", limit: 12, null: false
    t.text "notes"
    t.integer "count", default: 0, null: false
    t.integer "tiny", limit: 2
    t.bigint "big"
    t.float "ratio"
    t.decimal "price", precision: 10, scale: 2, default: "0.0", null: false
    t.decimal "loose"
    t.boolean "active", default: true
    t.date "born_on"
    t.datetime "seen_at"
    t.datetime "legacy_at", precision: nil
    t.timestamptz "zoned_at"
    t.time "opens_at"
    t.json "raw"
    t.jsonb "settings", default: {"theme" => "dark"}, null: false
    t.uuid "token"
    t.binary "blob"
    t.enum "mood", default: "happy", null: false, enum_type: "mood"
    t.string "tags", default: [], array: true
    t.integer "scores", array: true
    t.inet "ip"
    t.hstore "attrs", default: {"a" => "1", "b" => nil}
    t.interval "duration"
    t.tsvector "search"
    t.virtual "code_upper", type: :string, as: "upper((code)::text)", stored: true
    t.frobnicate "weird"
  end
end
