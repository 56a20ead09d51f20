ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "gems", force: :cascade do |t|
    t.string "name"
    t.string "handle"
    t.string "summary"
    t.string "sha"
    t.string "platform"
    t.string "version"
    t.string "kind"
    t.string "period"
    t.integer "stars"
  end

  create_table "billing_invoices", force: :cascade do |t|
    t.string "code"
    t.string "currency"
    t.string "note"
  end
end
