ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "members", force: :cascade do |t|
    t.string "email", null: false
    t.string "handle"
    t.string "code"
    t.integer "age"
    t.decimal "balance", precision: 8, scale: 2
    t.string "role"
    t.string "color"
    t.string "nickname"
    t.string "zip"
    t.boolean "terms"
    t.bigint "team_id"
  end

  create_table "teams", force: :cascade do |t|
    t.string "name"
  end
end
