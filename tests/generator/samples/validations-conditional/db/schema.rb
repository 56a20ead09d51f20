ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "posts", force: :cascade do |t|
    t.string "title"
    t.text "body"
    t.boolean "published", default: false, null: false
    t.integer "status", default: 0, null: false
    t.string "summary"
    t.string "slug"
    t.bigint "author_id"
  end

  create_table "authors", force: :cascade do |t|
    t.string "name"
  end
end
