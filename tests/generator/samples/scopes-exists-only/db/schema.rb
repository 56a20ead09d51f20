ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "rubygems", force: :cascade do |t|
    t.string "name"
  end

  create_table "versions", force: :cascade do |t|
    t.bigint "rubygem_id", null: false
    t.string "number"
    t.boolean "latest", default: false, null: false
    t.boolean "yanked", default: false, null: false
    t.integer "position", default: 0, null: false
  end

  create_table "downloads", force: :cascade do |t|
    t.bigint "rubygem_id", null: false
    t.bigint "version_id", null: false
    t.integer "count", default: 0, null: false
  end

  create_table "entries", force: :cascade do |t|
    t.string "entryable_type"
    t.bigint "entryable_id"
    t.date "date"
    t.boolean "excluded", default: false, null: false
  end

  create_table "trades", force: :cascade do |t|
    t.string "type"
    t.integer "qty"
  end

  create_table "valuations", force: :cascade do |t|
    t.integer "amount"
  end
end
