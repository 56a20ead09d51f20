ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "orders", force: :cascade do |t|
    t.integer "status", default: 0, null: false
    t.string "payment", default: "card"
    t.integer "shipping"
    t.string "channel"
    t.integer "level"
    t.string "source"
  end
end
