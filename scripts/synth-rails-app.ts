// Writes a synthetic Rails app (db/schema.rb + app/models) with N tables for
// benchmarking the generator: `node scripts/synth-rails-app.ts <dir> [--tables 200]`.
// Every table has a mix of column types, a belongs_to chain to earlier tables,
// scopes, an enum and validations; every third model is Loggable.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';

export function synthRailsApp(dir: string, tables: number): void {
  mkdirSync(path.join(dir, 'db'), {recursive: true});
  mkdirSync(path.join(dir, 'app/models/concerns'), {recursive: true});
  const name = (i: number): string => `widget${String(i).padStart(3, '0')}`;
  const klass = (i: number): string => `Widget${String(i).padStart(3, '0')}`;
  const schema: string[] = [
    'ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do',
    '  enable_extension "pgcrypto"',
    '',
    '  create_table "users", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|',
    '    t.string "email", null: false',
    '  end',
    '',
    '  create_table "activity_logs", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|',
    '    t.uuid "user_id", null: false',
    '    t.string "action", null: false',
    '    t.string "loggable_type", null: false',
    '    t.uuid "loggable_id", null: false',
    '    t.jsonb "metadata", default: {}, null: false',
    `    t.uuid "${name(0)}_id"`,
    '    t.datetime "created_at", null: false',
    '    t.datetime "updated_at", null: false',
    '  end',
    '',
  ];
  const fks: string[] = [];
  for (let i = 0; i < tables; i++) {
    schema.push(
      `  create_table "${name(i)}s", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|`,
      ...(i > 0 ? [`    t.uuid "${name(i - 1)}_id", null: false`] : []),
      '    t.string "title", null: false',
      '    t.text "body"',
      '    t.string "status", default: "draft", null: false',
      '    t.integer "position", default: 0, null: false',
      '    t.decimal "amount", precision: 10, scale: 2',
      '    t.boolean "active", default: true, null: false',
      '    t.jsonb "data", default: {}, null: false',
      '    t.date "due_on"',
      '    t.datetime "created_at", null: false',
      '    t.datetime "updated_at", null: false',
      ...(i > 0 ? [`    t.index ["${name(i - 1)}_id"], name: "index_${name(i)}s_on_${name(i - 1)}_id"`] : []),
      `    t.index ["status"], name: "index_${name(i)}s_on_status"`,
      '  end',
      '',
    );
    if (i > 0) fks.push(`  add_foreign_key "${name(i)}s", "${name(i - 1)}s", on_delete: :cascade`);
  }
  schema.push(`  add_foreign_key "activity_logs", "${name(0)}s", on_delete: :nullify`, '  add_foreign_key "activity_logs", "users"', ...fks, 'end', '');
  writeFileSync(path.join(dir, 'db/schema.rb'), schema.join('\n'));
  writeFileSync(path.join(dir, 'app/models/application_record.rb'), 'class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n');
  writeFileSync(path.join(dir, 'app/models/concerns/loggable.rb'), 'module Loggable\n  extend ActiveSupport::Concern\n\n  included do\n    has_many :activity_logs, as: :loggable\n  end\nend\n');
  writeFileSync(path.join(dir, 'app/models/user.rb'), 'class User < ApplicationRecord\n  has_many :activity_logs\nend\n');
  writeFileSync(
    path.join(dir, 'app/models/activity_log.rb'),
    `class ActivityLog < ApplicationRecord\n  belongs_to :user\n  belongs_to :loggable, polymorphic: true\n  belongs_to :${name(0)}, optional: true\nend\n`,
  );
  for (let i = 0; i < tables; i++) {
    const lines = [`class ${klass(i)} < ApplicationRecord`];
    if (i % 3 === 0) lines.push('  include Loggable');
    if (i > 0) lines.push(`  belongs_to :${name(i - 1)}`);
    if (i < tables - 1) lines.push(`  has_many :${name(i + 1)}s, dependent: :destroy`);
    if (i > 1) lines.push(`  has_one :${name(i - 2)}, through: :${name(i - 1)}`);
    lines.push(
      '',
      '  enum :status, { draft: "draft", published: "published", archived: "archived" }',
      '',
      '  validates :title, presence: true, length: { maximum: 200 }',
      '  validates :position, numericality: { only_integer: true, greater_than_or_equal_to: 0 }',
      '  validates :amount, numericality: { greater_than: 0 }, allow_nil: true',
      '',
      '  scope :ordered, -> { order(position: :asc) }',
      '  scope :recent, -> { order(created_at: :desc).limit(20) }',
      '  scope :visible, -> { where(active: true).where.not(status: :archived) }',
      '  scope :titled, ->(title) { where(title: title) }',
      '  scope :raw_sql, -> { where("position > 3") }',
      'end',
      '',
    );
    writeFileSync(path.join(dir, `app/models/${name(i)}.rb`), lines.join('\n'));
  }
}

if (import.meta.main) {
  const {values, positionals} = parseArgs({options: {tables: {type: 'string', default: '200'}}, allowPositionals: true});
  const dir = positionals[0];
  const tables = Number(values.tables);
  if (dir === undefined || !Number.isInteger(tables) || tables < 1) {
    console.error('usage: node scripts/synth-rails-app.ts <dir> [--tables 200]');
    process.exit(2);
  }
  synthRailsApp(dir, tables);
  console.log(`Wrote a synthetic Rails app with ${tables} tables to ${dir}.`);
}
