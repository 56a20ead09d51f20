ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "orders", force: :cascade do |t|
    t.string "state"
    t.datetime "ordered_at"
  end

  create_table "order_details", force: :cascade do |t|
    t.bigint "order_id", null: false
    t.string "state"
  end
end
