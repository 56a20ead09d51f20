ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "tickets", force: :cascade do |t|
    t.string "title", null: false
    t.integer "state", default: 0, null: false
    t.integer "priority"
    t.bigint "assignee_id"
    t.datetime "closed_at"
    t.datetime "created_at", null: false
  end
end
