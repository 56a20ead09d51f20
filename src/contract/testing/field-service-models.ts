import type {ActivityLogConfig, ColumnConfig, ModelConfig} from '../model-config.ts';

// A small field-service model set for the pipeline and apply unit tests:
// loggable jobs (soft-deletable, optimistic locking column), loggable tasks
// whose logs reach their job and client, loggable clients, users that are not
// logged, and the activity-log table. Written by hand as the generator would
// emit it, so these tests do not move when the demo app's Rails models do.

type ColumnOptions = Partial<Omit<ColumnConfig, 'name' | 'zeroType'>>;

const RAILS_TYPE = {string: 'string', number: 'integer', boolean: 'boolean', json: 'jsonb'} as const;
const PG_TYPE = {string: 'character varying', number: 'integer', boolean: 'boolean', json: 'jsonb'} as const;

function col(name: string, zeroType: ColumnConfig['zeroType'], options: ColumnOptions = {}): ColumnConfig {
  return {name, railsType: RAILS_TYPE[zeroType], zeroType, pgType: PG_TYPE[zeroType], nullable: false, ...options};
}
const uuid = (name: string, options: ColumnOptions = {}) => col(name, 'string', {railsType: 'uuid', pgType: 'uuid', ...options});
const timestamp = (name: string, options: ColumnOptions = {}) =>
  col(name, 'number', {railsType: 'datetime', pgType: 'timestamp(6) without time zone', ...options});

const base = {version: 1, primaryKey: 'id', scopes: {}, enums: {}, validations: [], discardable: null, sti: null} as const;

const jobs: ModelConfig = {
  ...base,
  className: 'Job',
  name: 'Job',
  table: 'jobs',
  columns: {
    id: uuid('id', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    client_id: uuid('client_id'),
    assigned_to_id: uuid('assigned_to_id', {nullable: true}),
    title: col('title', 'string'),
    description: col('description', 'string', {nullable: true}),
    status: col('status', 'string', {default: {kind: 'literal', value: 'open'}, enumValues: ['open', 'scheduled', 'done']}),
    priority: col('priority', 'number', {default: {kind: 'literal', value: 2}}),
    lock_version: col('lock_version', 'number', {default: {kind: 'literal', value: 0}}),
    discarded_at: timestamp('discarded_at', {nullable: true}),
    created_at: timestamp('created_at'),
    updated_at: timestamp('updated_at'),
  },
  associations: {
    client: {name: 'client', kind: 'belongs_to', model: 'Client', table: 'clients', foreignKey: 'client_id', primaryKey: 'id'},
    assigned_to: {name: 'assigned_to', kind: 'belongs_to', model: 'User', table: 'users', foreignKey: 'assigned_to_id', primaryKey: 'id', optional: true},
    tasks: {name: 'tasks', kind: 'has_many', model: 'Task', table: 'tasks', foreignKey: 'job_id', primaryKey: 'id', dependent: 'destroy'},
  },
  display: 'title',
  validations: [
    {attribute: 'title', kind: 'presence', options: {}},
    {attribute: 'title', kind: 'length', options: {maximum: 200}},
  ],
  loggable: {
    excluded: ['created_at', 'updated_at', 'lock_version'],
    actions: {status: 'status_changed', title: 'renamed'},
    skip: false,
    references: {client_id: [{table: 'jobs', column: 'client_id'}], job_id: []},
    customActions: ['completed'],
    belongsTo: {
      assigned_to_id: {association: 'assigned_to', table: 'users', role: 'user'},
      client_id: {association: 'client', table: 'clients', role: 'parent'},
    },
  },
  discardable: {column: 'discarded_at'},
};

const tasks: ModelConfig = {
  ...base,
  className: 'Task',
  name: 'Task',
  table: 'tasks',
  columns: {
    id: uuid('id', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    job_id: uuid('job_id'),
    title: col('title', 'string'),
    completed: col('completed', 'boolean', {default: {kind: 'literal', value: false}}),
    position: col('position', 'number', {default: {kind: 'literal', value: 0}}),
    created_at: timestamp('created_at'),
    updated_at: timestamp('updated_at'),
  },
  associations: {job: {name: 'job', kind: 'belongs_to', model: 'Job', table: 'jobs', foreignKey: 'job_id', primaryKey: 'id'}},
  list: {column: 'position', scope: ['job_id'], top: 1},
  display: 'title',
  loggable: {
    excluded: ['created_at', 'updated_at'],
    actions: {title: 'renamed'},
    skip: false,
    references: {
      client_id: [
        {table: 'tasks', column: 'job_id'},
        {table: 'jobs', column: 'client_id'},
      ],
      job_id: [{table: 'tasks', column: 'job_id'}],
    },
    belongsTo: {job_id: {association: 'job', table: 'jobs', role: 'parent'}},
  },
};

const clients: ModelConfig = {
  ...base,
  className: 'Client',
  name: 'Client',
  table: 'clients',
  columns: {
    id: uuid('id', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    name: col('name', 'string'),
    created_at: timestamp('created_at'),
    updated_at: timestamp('updated_at'),
  },
  associations: {jobs: {name: 'jobs', kind: 'has_many', model: 'Job', table: 'jobs', foreignKey: 'client_id', primaryKey: 'id'}},
  display: 'name',
  loggable: {excluded: ['created_at', 'updated_at'], actions: {name: 'renamed'}, skip: false, references: {client_id: [], job_id: []}},
};

const users: ModelConfig = {
  ...base,
  className: 'User',
  name: 'User',
  table: 'users',
  columns: {
    id: uuid('id', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    email: col('email', 'string'),
    name: col('name', 'string'),
    role: col('role', 'string', {default: {kind: 'literal', value: 'technician'}}),
    created_at: timestamp('created_at'),
    updated_at: timestamp('updated_at'),
  },
  associations: {},
  display: 'name',
  validations: [{attribute: 'email', kind: 'uniqueness', options: {caseSensitive: false}, serverOnly: true}],
  loggable: null,
};

const activityLogs: ModelConfig = {
  ...base,
  className: 'ActivityLog',
  name: 'ActivityLog',
  table: 'activity_logs',
  columns: {
    id: uuid('id', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    user_id: uuid('user_id', {nullable: true}),
    action: col('action', 'string'),
    loggable_type: col('loggable_type', 'string'),
    loggable_id: uuid('loggable_id'),
    client_id: uuid('client_id', {nullable: true}),
    job_id: uuid('job_id', {nullable: true}),
    metadata: col('metadata', 'json', {default: {kind: 'literal', value: {}}}),
    created_at: timestamp('created_at'),
    updated_at: timestamp('updated_at'),
  },
  associations: {},
  loggable: null,
};

/** Every model of the fixture app, keyed by table (the shape of the generated `MODELS`). */
export const FIELD_SERVICE_MODELS: Readonly<Record<string, ModelConfig>> = {jobs, tasks, clients, users, activity_logs: activityLogs};

/** The fixture app's activity-log table (the shape of the generated `ACTIVITY_LOG`). */
export const FIELD_SERVICE_ACTIVITY_LOG: ActivityLogConfig = {
  table: 'activity_logs',
  model: 'ActivityLog',
  primaryKey: 'id',
  userColumn: 'user_id',
  actionColumn: 'action',
  loggableTypeColumn: 'loggable_type',
  loggableIdColumn: 'loggable_id',
  metadataColumn: 'metadata',
  createdAtColumn: 'created_at',
  updatedAtColumn: 'updated_at',
  referenceColumns: {client_id: 'clients', job_id: 'jobs'},
  userTable: 'users',
};
