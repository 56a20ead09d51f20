ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "accounts", force: :cascade do |t|
    t.string "name"
    t.boolean "active", default: true, null: false
  end

  create_table "projects", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.string "title"
    t.integer "state", default: 0, null: false
    t.datetime "archived_at"
  end

  create_table "issues", force: :cascade do |t|
    t.bigint "project_id", null: false
    t.bigint "owner_id"
    t.string "type"
    t.string "title"
    t.boolean "open", default: true, null: false
    t.integer "priority", default: 0, null: false
  end

  create_table "comments", force: :cascade do |t|
    t.string "commentable_type"
    t.bigint "commentable_id"
    t.text "body"
  end

  create_table "archives", force: :cascade do |t|
    t.bigint "project_id", null: false
    t.boolean "hidden", default: false, null: false
  end
end
