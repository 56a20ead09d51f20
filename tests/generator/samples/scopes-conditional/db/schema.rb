ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "contacts", force: :cascade do |t|
    t.bigint "creator_id"
    t.datetime "occurred_at"
    t.integer "score", default: 0, null: false
    t.boolean "made", default: false
    t.string "role"
    t.string "kind"
  end
end
