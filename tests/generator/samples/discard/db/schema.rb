ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "posts", force: :cascade do |t|
    t.string "title"
    t.datetime "discarded_at"
  end

  create_table "pages", force: :cascade do |t|
    t.string "title"
    t.datetime "archived_at"
  end

  create_table "comments", force: :cascade do |t|
    t.text "body"
    t.datetime "deleted_at"
  end

  create_table "drafts", force: :cascade do |t|
    t.text "body"
  end
end
