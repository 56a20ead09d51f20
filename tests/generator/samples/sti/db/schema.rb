ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "vehicles", force: :cascade do |t|
    t.string "type", null: false
    t.string "name"
    t.integer "wheels"
  end

  create_table "events", force: :cascade do |t|
    t.string "kind", null: false
    t.string "payload"
  end

  create_table "settings", force: :cascade do |t|
    t.string "type"
    t.string "value"
  end
end
