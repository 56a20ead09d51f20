ActiveRecord::Schema[7.0].define(version: 2023_01_01_000000) do
  create_table "servers", id: :integer, charset: "utf8mb4", collation: "utf8mb4_general_ci", force: :cascade do |t|
    t.string "name", collation: "utf8mb4_bin"
    t.text "description", size: :medium
    t.integer "flags", limit: 1, unsigned: true
    t.bigint "bytes", unsigned: true
    t.binary "token", limit: 16
    t.blob "payload"
    t.decimal "ratio", precision: 8, scale: 4, default: "0.0"
    t.datetime "created_at", precision: nil
    t.column "kind", "enum('a','b')"
  end

  create_virtual_table "servers_search", "fts5", ["name", "description"]

  execute "CREATE VIEW stuff AS SELECT 1"
end
