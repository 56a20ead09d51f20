ActiveRecord::Schema[7.2].define(version: 2024_06_01_000000) do
  create_table "authors", force: :cascade do |t|
    t.string "email", null: false
    t.string "name"
    t.datetime "created_at", default: -> { "CURRENT_TIMESTAMP" }, null: false
    t.datetime "updated_at", default: -> { "now()" }, null: false
    t.index "lower((email)::text)", name: "index_authors_on_lower_email", unique: true
    t.index ["name"], name: "index_authors_on_name", where: "(name IS NOT NULL)"
    t.index ["created_at"], name: "index_authors_on_created_at", order: :desc
  end

  create_table "posts", force: :cascade do |t|
    t.bigint "author_id", null: false
    t.bigint "editor_id"
    t.string "title", null: false
    t.integer "rating", default: -1
    t.jsonb "meta", default: {}, null: false
    t.string "slug", null: false
    t.index ["author_id", "slug"], name: "index_posts_on_author_id_and_slug", unique: true
    t.index ["meta"], name: "index_posts_on_meta", using: :gin
    t.check_constraint "rating >= -1 AND rating <= 5", name: "posts_rating_range"
    t.check_constraint "char_length(title) > 0"
  end

  create_table "comments", force: :cascade do |t|
    t.bigint "post_id", null: false
    t.text "body"
  end

  add_foreign_key "comments", "posts", on_delete: :cascade
  add_foreign_key "posts", "authors"
  add_foreign_key "posts", "authors", column: "editor_id", on_delete: :nullify, name: "fk_posts_editor"
end
