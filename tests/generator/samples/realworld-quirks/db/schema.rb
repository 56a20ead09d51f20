ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "oidc_providers", force: :cascade do |t|
    t.string "issuer", null: false
  end

  create_table "ip_pools", force: :cascade do |t|
    t.string "name"
  end

  create_table "servers", force: :cascade do |t|
    t.bigint "ip_pool_id"
    t.bigint "github_user_id"
    t.string "hostname", null: false
    t.string "kind"
    t.virtual "label", type: :string, as: "
CASE
    WHEN ((kind)::text = 'db'::text) THEN 'database'::text
    ELSE 'other'::text
END", stored: true
    t.datetime "discarded_at"
  end

  create_table "github_users", force: :cascade do |t|
    t.string "login"
  end

  create_table "imports", force: :cascade do |t|
    t.string "type"
  end

  create_table "import_rows", force: :cascade do |t|
    t.bigint "import_id", null: false
  end

  create_table "events", force: :cascade do |t|
    t.bigint "server_id"
  end
end
