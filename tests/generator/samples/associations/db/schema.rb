ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
  create_table "pictures", force: :cascade do |t|
    t.string "imageable_type"
    t.bigint "imageable_id"
  end

  create_table "employees", force: :cascade do |t|
    t.bigint "manager_id"
    t.bigint "team_id"
  end

  create_table "teams", force: :cascade do |t|
    t.string "name"
  end

  create_table "projects", force: :cascade do |t|
    t.string "name"
  end

  create_table "skills", force: :cascade do |t|
    t.string "name"
  end

  create_table "employees_skills", id: false, force: :cascade do |t|
    t.bigint "employee_id", null: false
    t.bigint "skill_id", null: false
  end

  create_table "assignments", force: :cascade do |t|
    t.bigint "employee_id", null: false
    t.bigint "project_id", null: false
  end

  create_table "profiles", force: :cascade do |t|
    t.bigint "employee_id", null: false
  end
end
