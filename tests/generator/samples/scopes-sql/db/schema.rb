ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "articles", force: :cascade do |t|
    t.string "title", null: false
    t.string "status", default: "draft", null: false
    t.integer "score"
    t.boolean "featured", default: false, null: false
    t.bigint "author_id"
    t.date "publish_on"
    t.datetime "published_at"
    t.datetime "created_at", null: false
  end
end
