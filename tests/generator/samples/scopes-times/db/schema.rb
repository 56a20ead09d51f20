ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "tasks", force: :cascade do |t|
    t.string "name", null: false
    t.date "due_on"
    t.datetime "due_at"
    t.datetime "completed_at"
    t.datetime "connected_at"
    t.datetime "created_at", null: false
  end
end
