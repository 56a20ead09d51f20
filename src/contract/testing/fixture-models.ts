import type {ColumnConfig, ModelConfig} from '../model-config.ts';

function col(name: string, zeroType: ColumnConfig['zeroType'], extra: Partial<ColumnConfig> = {}): ColumnConfig {
  return {name, railsType: zeroType, zeroType, pgType: zeroType, nullable: false, ...extra};
}

/** A Job model as the generator would emit it (`as const satisfies ModelConfig`). */
export const jobConfig = {
  version: 1,
  className: 'Job',
  name: 'Job',
  table: 'jobs',
  primaryKey: 'id',
  columns: {
    id: col('id', 'string', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    title: col('title', 'string'),
    status: col('status', 'string', {default: {kind: 'literal', value: 'open'}, enumValues: ['open', 'scheduled', 'done']}),
    priority: col('priority', 'number', {default: {kind: 'literal', value: 1}}),
    client_id: col('client_id', 'string', {nullable: true}),
    tags: col('tags', 'json', {default: {kind: 'literal', value: []}}),
    settings: col('settings', 'json', {default: {kind: 'literal', value: {notify: {email: true}}}}),
    discarded_at: col('discarded_at', 'number', {nullable: true}),
    created_at: col('created_at', 'number', {default: {kind: 'sql', sql: 'now()'}}),
    updated_at: col('updated_at', 'number', {default: {kind: 'sql', sql: 'now()'}}),
  },
  associations: {
    client: {name: 'client', kind: 'belongs_to', model: 'Client', table: 'clients', foreignKey: 'client_id', primaryKey: 'id', optional: true},
    tasks: {name: 'tasks', kind: 'has_many', model: 'Task', table: 'tasks', foreignKey: 'job_id', primaryKey: 'id'},
  },
  scopes: {
    urgent: {name: 'urgent', params: [], steps: [{op: 'where', conditions: [{column: 'priority', operator: '>=', value: 3}]}]},
    forClient: {
      name: 'forClient',
      params: ['client_id'],
      steps: [{op: 'where', conditions: [{column: 'client_id', operator: '=', value: {param: 'client_id'}}]}],
    },
    recent: {name: 'recent', params: [], steps: [{op: 'order', column: 'created_at', direction: 'desc'}]},
    /** A scope calling other scopes: `scope :hot, -> { open.urgent.recent }`. */
    hot: {
      name: 'hot',
      params: [],
      steps: [
        {op: 'scope', name: 'open', args: []},
        {op: 'scope', name: 'urgent', args: []},
        {op: 'scope', name: 'recent', args: []},
      ],
    },
    topN: {name: 'topN', params: ['n'], steps: [{op: 'order', column: 'priority', direction: 'desc'}, {op: 'limit', value: {param: 'n'}}]},
  },
  enums: {
    status: {
      column: 'status',
      values: {open: 'open', scheduled: 'scheduled', done: 'done'},
      methods: {
        open: {predicate: 'isOpen', scope: 'open'},
        scheduled: {predicate: 'isScheduled', scope: 'scheduled'},
        done: {predicate: 'isDone', scope: 'done'},
      },
    },
  },
  validations: [
    {attribute: 'title', kind: 'presence', options: {}},
    {attribute: 'title', kind: 'length', options: {maximum: 20}},
    {attribute: 'priority', kind: 'numericality', options: {only_integer: true, greater_than_or_equal_to: 0, less_than: 10}},
    {attribute: 'status', kind: 'inclusion', options: {in: ['open', 'scheduled', 'done']}},
    {attribute: 'title', kind: 'uniqueness', options: {}, serverOnly: true},
  ],
  loggable: null,
  discardable: {column: 'discarded_at'},
  sti: null,
} as const satisfies ModelConfig;

export const clientConfig = {
  version: 1,
  className: 'Client',
  name: 'Client',
  table: 'clients',
  primaryKey: 'id',
  columns: {
    id: col('id', 'string', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    name: col('name', 'string'),
    active: col('active', 'boolean', {default: {kind: 'literal', value: true}}),
  },
  associations: {
    jobs: {name: 'jobs', kind: 'has_many', model: 'Job', table: 'jobs', foreignKey: 'client_id', primaryKey: 'id'},
  },
  scopes: {},
  enums: {},
  // Rails `normalizes :name, with: ->(n) { n.squish }`: applied before validation by both flavours and the server.
  normalizes: {name: {steps: ['squish']}},
  validations: [
    {attribute: 'name', kind: 'format', options: {with: '^[A-Z]'}, message: 'must start with a capital letter'},
  ],
  loggable: null,
  discardable: null,
  sti: null,
} as const satisfies ModelConfig;

export const taskConfig = {
  version: 1,
  className: 'Task',
  name: 'Task',
  table: 'tasks',
  primaryKey: 'id',
  columns: {
    id: col('id', 'string', {default: {kind: 'sql', sql: 'gen_random_uuid()'}}),
    job_id: col('job_id', 'string'),
    name: col('name', 'string'),
    position: col('position', 'number', {default: {kind: 'literal', value: 0}}),
  },
  associations: {
    job: {name: 'job', kind: 'belongs_to', model: 'Job', table: 'jobs', foreignKey: 'job_id', primaryKey: 'id'},
  },
  scopes: {},
  enums: {},
  validations: [],
  loggable: null,
  discardable: null,
  sti: null,
  /** `acts_as_list scope: :job`. */
  list: {column: 'position', scope: ['job_id'], top: 1},
} as const satisfies ModelConfig;

export const fixtureModels = [jobConfig, clientConfig, taskConfig] as const;
