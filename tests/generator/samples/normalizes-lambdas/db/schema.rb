ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "people", force: :cascade do |t|
    t.string "email"
    t.string "unconfirmed_email"
    t.string "first_name"
    t.string "last_name"
    t.string "reason"
    t.text "bio"
    t.string "api_token"
    t.string "code"
    t.string "slug"
    t.integer "age"
  end
end
