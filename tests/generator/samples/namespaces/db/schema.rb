ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "name"
  end

  create_table "accounts", force: :cascade do |t|
    t.string "name"
  end

  create_table "email_authentications", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.string "address"
  end

  create_table "user_authentications", force: :cascade do |t|
    t.bigint "email_authentication_id", null: false
  end

  create_table "requests", force: :cascade do |t|
    t.string "path"
  end

  create_table "mentor_requests", force: :cascade do |t|
    t.string "topic"
  end

  create_table "mentor_discussions", force: :cascade do |t|
    t.bigint "request_id", null: false
  end

  create_table "mentor_comments", force: :cascade do |t|
    t.bigint "discussion_id", null: false
    t.string "body"
  end

  create_table "billing_accounts", force: :cascade do |t|
    t.string "iban"
  end

  create_table "billing_invoices", force: :cascade do |t|
    t.string "number"
  end

  create_table "billing_charges", force: :cascade do |t|
    t.bigint "invoice_id", null: false
    t.bigint "customer_id", null: false
    t.bigint "owner_id"
    t.bigint "refund_id"
  end

  create_table "billing_refunds", force: :cascade do |t|
    t.integer "cents"
  end
end
