ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "campaigns", force: :cascade do |t|
    t.string "name"
  end

  create_table "product_drives", force: :cascade do |t|
    t.bigint "campaign_id", null: false
  end

  create_table "api_keys", force: :cascade do |t|
    t.bigint "campaign_id", null: false
    t.bigint "github_user_id"
  end

  create_table "github_users", force: :cascade do |t|
    t.string "login"
  end

  create_table "staff", force: :cascade do |t|
    t.bigint "campaign_id", null: false
  end

  create_table "feedback", force: :cascade do |t|
    t.bigint "campaign_id", null: false
  end

  create_table "cacti", force: :cascade do |t|
    t.bigint "campaign_id", null: false
  end

  create_table "regalia", force: :cascade do |t|
    t.bigint "campaign_id", null: false
  end
end
