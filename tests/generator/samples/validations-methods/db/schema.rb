ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "campaigns", force: :cascade do |t|
    t.string "name"
    t.string "email"
    t.string "zipcode"
    t.string "access"
    t.date "starts_on"
    t.date "ends_on"
    t.datetime "launched_at"
    t.integer "miles"
    t.boolean "wants_refund"
    t.boolean "on_mon"
    t.boolean "on_tue"
    t.string "api_token"
  end
end
