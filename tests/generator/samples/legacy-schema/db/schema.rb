# Rails 4 style: Schema.define without a version bracket, implicit integer keys,
# indexes added with add_index after the tables.
ActiveRecord::Schema.define(version: 20150101000000) do
  enable_extension "plpgsql"

  create_table "people", force: :cascade do |t|
    t.string   "first_name", limit: 255
    t.integer  "organization_id"
    t.datetime "created_at"
    t.datetime "updated_at"
  end

  create_table "organizations", force: :cascade do |t|
    t.string "name", limit: 255, null: false
  end

  add_index "people", ["organization_id"], name: "index_people_on_organization_id", using: :btree
  add_foreign_key "people", "organizations"
end
