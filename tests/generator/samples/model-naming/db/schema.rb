ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "billing_invoices", force: :cascade do |t|
    t.string "number", null: false
    t.bigint "customer_id"
  end

  create_table "customers", force: :cascade do |t|
    t.string "name"
  end

  create_table "customer_notes", force: :cascade do |t|
    t.bigint "customer_id", null: false
    t.text "body"
  end

  create_table "users", force: :cascade do |t|
    t.string "login"
  end

  create_table "legacy_things", primary_key: "thing_id", force: :cascade do |t|
    t.string "label"
  end
end
