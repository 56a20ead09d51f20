ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "organizations", force: :cascade do |t|
    t.string "name"
    t.datetime "deleted_at"
  end

  create_table "judges", force: :cascade do |t|
    t.string "name"
    t.bigint "organization_id"
  end

  create_table "notes", force: :cascade do |t|
    t.text "body"
    t.datetime "created_at", null: false
  end

  create_table "tops", force: :cascade do |t|
    t.integer "rank"
  end
end
