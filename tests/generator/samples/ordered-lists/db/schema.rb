ActiveRecord::Schema[8.0].define(version: 2026_12_01_000000) do
  create_table "boards", force: :cascade do |t|
    t.string "name", null: false
  end

  create_table "cards", force: :cascade do |t|
    t.bigint "board_id", null: false
    t.string "title", null: false
    t.integer "position", null: false
  end

  create_table "steps", force: :cascade do |t|
    t.bigint "board_id", null: false
    t.integer "sort_order", null: false
  end

  create_table "checks", force: :cascade do |t|
    t.bigint "card_id", null: false
    t.integer "position", null: false
  end

  create_table "notes", force: :cascade do |t|
    t.bigint "card_id", null: false
    t.bigint "board_id", null: false
    t.integer "position"
  end
end
