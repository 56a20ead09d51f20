# This file is auto-generated from the current state of the database. Instead
# of editing this file, please use the migrations feature of Active Record to
# incrementally modify your database, and then regenerate this schema definition.
#
# It is the source of truth for zero-active-models: `npm run generate` reads it
# (with app/models) and writes generated/.

ActiveRecord::Schema[8.0].define(version: 2026_12_02_030000) do
  # These are extensions that must be enabled in order to support this database
  enable_extension "pgcrypto"
  enable_extension "plpgsql"

  create_table "activity_logs", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "user_id", null: false
    t.string "action", null: false
    t.string "loggable_type"
    t.uuid "loggable_id"
    t.jsonb "metadata", default: {}, null: false
    t.string "status", default: "success"
    t.uuid "client_id"
    t.uuid "job_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["action", "created_at"], name: "index_activity_logs_on_action_and_created_at"
    t.index ["client_id", "created_at"], name: "index_activity_logs_on_client_id_and_created_at"
    t.index ["created_at"], name: "index_activity_logs_on_created_at"
    t.index ["job_id", "created_at"], name: "index_activity_logs_on_job_id_and_created_at"
    t.index ["loggable_type", "loggable_id"], name: "index_activity_logs_on_loggable"
    t.index ["user_id"], name: "index_activity_logs_on_user_id"
  end

  create_table "clients", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "name", null: false
    t.string "email"
    t.string "phone"
    t.text "address"
    t.text "notes"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["name"], name: "index_clients_on_name"
  end

  create_table "jobs", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "client_id", null: false
    t.uuid "assigned_to_id"
    t.string "title", null: false
    t.text "description"
    t.string "status", default: "open", null: false
    t.integer "priority", default: 2, null: false
    t.date "scheduled_on"
    t.decimal "estimated_hours", precision: 6, scale: 2
    t.integer "lock_version", default: 0, null: false
    t.datetime "discarded_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["assigned_to_id"], name: "index_jobs_on_assigned_to_id"
    t.index ["client_id"], name: "index_jobs_on_client_id"
    t.index ["discarded_at"], name: "index_jobs_on_discarded_at"
    t.index ["status"], name: "index_jobs_on_status"
    t.check_constraint "priority >= 0 AND priority <= 5", name: "jobs_priority_range"
  end

  create_table "notes", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "job_id", null: false
    t.text "body", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["job_id", "created_at"], name: "index_notes_on_job_id_and_created_at"
  end

  create_table "tasks", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "job_id", null: false
    t.string "title", null: false
    t.boolean "completed", default: false, null: false
    t.integer "position", default: 0, null: false
    t.datetime "completed_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["job_id", "position"], name: "index_tasks_on_job_id_and_position"
  end

  create_table "users", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "email", default: "", null: false
    t.string "encrypted_password", default: "", null: false
    t.string "reset_password_token"
    t.datetime "reset_password_sent_at"
    t.datetime "remember_created_at"
    t.string "otp_secret"
    t.boolean "otp_required_for_login", default: false, null: false
    t.text "phone"
    t.string "name", null: false
    t.string "role", default: "technician", null: false
    t.boolean "active", default: true, null: false
    t.integer "token_version", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["email"], name: "index_users_on_email", unique: true
    t.index ["reset_password_token"], name: "index_users_on_reset_password_token", unique: true
  end

  add_foreign_key "activity_logs", "clients", on_delete: :nullify
  add_foreign_key "activity_logs", "jobs", on_delete: :nullify
  add_foreign_key "activity_logs", "users"
  add_foreign_key "jobs", "clients"
  add_foreign_key "jobs", "users", column: "assigned_to_id", on_delete: :nullify
  add_foreign_key "notes", "jobs", on_delete: :cascade
  add_foreign_key "tasks", "jobs", on_delete: :cascade
end
