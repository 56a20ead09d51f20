ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "groups", force: :cascade do |t|
    t.string "name"
  end

  create_table "memberships", force: :cascade do |t|
    t.bigint "group_id", null: false
    t.bigint "role_id", null: false
  end

  create_table "roles", force: :cascade do |t|
    t.string "name"
  end

  create_table "grants", force: :cascade do |t|
    t.bigint "role_id", null: false
    t.bigint "permission_id", null: false
  end

  create_table "permissions", force: :cascade do |t|
    t.string "name"
  end
end
