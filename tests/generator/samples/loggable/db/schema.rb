ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "activity_logs", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "user_id", null: false
    t.string "action", null: false
    t.string "loggable_type", null: false
    t.uuid "loggable_id", null: false
    t.jsonb "metadata", default: {}, null: false
    t.uuid "site_id"
    t.uuid "visit_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "users", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "name"
  end

  create_table "sites", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "name", null: false
    t.integer "lock_version", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "visits", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "site_id", null: false
    t.string "status", default: "planned", null: false
    t.string "title"
    t.decimal "cached_cost"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "readings", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "visit_id", null: false
    t.float "value"
    t.string "stage"
  end

  create_table "notes", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.text "body"
  end
end
