/**
 * The contract between the generator and the runtime: everything the runtime
 * knows about a Rails model comes through a `ModelConfig` that the generator
 * writes into `generated/models/<model>.config.ts`. Nothing here is hand-written
 * per app. Changing a shape here is a breaking change for `generated/`: bump
 * `MODEL_CONFIG_VERSION` and regenerate.
 */

export const MODEL_CONFIG_VERSION = 1 as const;

/** JSON values as they travel through Zero and PostgreSQL. */
export type JSONValue =
  | string
  | number
  | boolean
  | null
  | readonly JSONValue[]
  | {readonly [key: string]: JSONValue};

/** How a column is represented in Zero (and so in every JS row). */
export type ZeroColumnType = 'string' | 'number' | 'boolean' | 'json';

/** One column of a generated model: its Rails, Zero and PostgreSQL types, nullability and default. */
export interface ColumnConfig {
  readonly name: string;
  /** The type as written in schema.rb (`string`, `datetime`, `jsonb`, `enum`, …). */
  readonly railsType: string;
  /** The Zero column type: timestamps and dates are epoch-millisecond numbers. */
  readonly zeroType: ZeroColumnType;
  /** The PostgreSQL type used in the DDL (`uuid`, `character varying`, `timestamp(6) without time zone`). */
  readonly pgType: string;
  readonly nullable: boolean;
  /** A literal default is applied by `Model.new`; an SQL default (`now()`, `gen_random_uuid()`) is left to the database. */
  readonly default?:
    | {readonly kind: 'literal'; readonly value: JSONValue}
    | {readonly kind: 'sql'; readonly sql: string}
    | undefined;
  readonly array?: boolean | undefined;
  /** For `t.enum` / Rails `enum`: the allowed stored values. */
  readonly enumValues?: readonly string[] | undefined;
  readonly limit?: number | undefined;
  readonly precision?: number | undefined;
  readonly scale?: number | undefined;
  /** `t.virtual … stored: true`: computed by PostgreSQL, never written by clients. */
  readonly virtual?: boolean | undefined;
  /**
   * `false` when Zero does not replicate the column (PostgreSQL types ZQL has no
   * value type for — bytea, interval, hstore, tsvector, ranges, … — and
   * generated columns): it is absent from Zero rows, the Zero schema and the
   * row types, and only the server/database can read or write it. Absent = synced.
   */
  readonly synced?: false | undefined;
}

/** The Rails association macro an association came from. */
export type AssociationKind = 'belongs_to' | 'has_many' | 'has_one' | 'has_and_belongs_to_many';

/** One Rails association of a model (`belongs_to :client`, `has_many :tasks`), as `includes()` and relation writes follow it. */
export interface AssociationConfig {
  readonly name: string;
  readonly kind: AssociationKind;
  /** Target model class name (`Job`); absent for polymorphic belongs_to. */
  readonly model?: string | undefined;
  /** Target table; absent for polymorphic belongs_to. */
  readonly table?: string | undefined;
  /** Column holding the key: on this table for belongs_to, on the target for has_many/has_one. */
  readonly foreignKey: string;
  /** Column the foreign key points at (the target's primary key for belongs_to). */
  readonly primaryKey: string;
  readonly optional?: boolean | undefined;
  readonly polymorphic?: boolean | undefined;
  /** `as:` of a polymorphic has_many/has_one (`loggable`). */
  readonly as?: string | undefined;
  readonly through?: string | undefined;
  readonly dependent?: string | undefined;
  readonly joinTable?: string | undefined;
  /**
   * `false` when the Zero schema has no relationship of this name (polymorphic,
   * more than two hops, a scoped association): it cannot be included or tested
   * with EXISTS. `'exists'`: the Zero relationship follows only the keys of an
   * association whose rows are fewer (a scoped association, a polymorphic `as:`),
   * so generated scopes test it with EXISTS carrying those conditions and it is
   * never included (that would read every keyed row). Absent: the relationship exists.
   */
  readonly relationship?: false | 'exists' | undefined;
  /** The association's own order (`has_many :tasks, -> { order(position: :asc) }`): its rows are read in it. */
  readonly order?: readonly (readonly [column: string, direction: 'asc' | 'desc'])[] | undefined;
}

/**
 * An ordered list (`acts_as_list scope: :job`, `positioned on: :job`, or a
 * `position` column of a model that belongs to one parent): items of one
 * parent are numbered from `top` in `column`; `scope` holds the foreign-key
 * columns that pick the parent.
 */
export interface ListConfig {
  readonly column: string;
  readonly scope: readonly string[];
  readonly top: number;
}

/**
 * A time computed when the query runs, never when it is generated: `1.week.ago`
 * is `{relativeTime: {ms: -604800000, months: 0, date: false}}`. The value is
 * epoch milliseconds (how Zero represents date and timestamp columns): now, or
 * for `date` (`Date.today`, `Date.current`) the current UTC day's midnight,
 * moved by `months` calendar months (`1.month.ago`) and then `ms`.
 */
export type RelativeTime = {
  readonly relativeTime: {
    readonly ms: number;
    readonly months: number;
    readonly date: boolean;
    /**
     * Then, in order (ActiveSupport's calendar methods, in UTC, weeks from Monday):
     * `{start: 'day'}` is `beginning_of_day`/`midnight`, `{end: 'week'}` is `end_of_week`
     * (the last microsecond), `{months, ms}` moves on. `Time.zone.now.midnight.tomorrow`
     * is `{ms: 0, months: 0, date: false, steps: [{start: 'day'}, {months: 0, ms: 86400000}]}`.
     */
    readonly steps?: readonly RelativeTimeStep[] | undefined;
  };
};

/** The calendar units of ActiveSupport's `beginning_of_*` / `end_of_*`. */
export type CalendarUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** One step of a relative time after its base and first offset. */
export type RelativeTimeStep =
  | {readonly start: CalendarUnit}
  | {readonly end: CalendarUnit}
  | {readonly months: number; readonly ms: number}
  /** `Time.now - hours.hours`, `days.days.ago`: the scope argument `param` (a number) times `ms`, added when the query is built. */
  | {readonly param: string; readonly ms: number};

/**
 * A value in a scope or query: a literal, a reference to a scope parameter (or to
 * `property` of the record passed for it: `user.id`; with `orKey` the argument
 * may also be the key itself, as Rails' `where(user: user)` takes a record or an id;
 * with `safe` a nil argument gives nil, Ruby's `user&.id`), a relative time, or
 * Ruby string interpolation (`"%#{q}%"`: the parts joined, each argument as Ruby's `to_s`).
 */
export type ScopeValue =
  | JSONValue
  | {readonly param: string; readonly property?: string; readonly orKey?: true; readonly safe?: true}
  | RelativeTime
  | ScopeConcat
  | ScopeLookup;

/**
 * `TITLE_ORDER.fetch(title, 100)` / `TITLE_ORDER[title]` over a literal hash constant with string
 * keys: the entry for the argument (Ruby's eql?: only a string argument can match), else `default`;
 * without one, `fetch` raises KeyError (`[]` gives nil: its default is null).
 */
export interface ScopeLookup {
  readonly lookup: {readonly param: string; readonly table: Readonly<Record<string, JSONValue>>; readonly default?: JSONValue};
}

/** `"%#{query}%"`: literal strings and scope values joined as Ruby interpolates them (nil is "", numbers in decimal). */
export interface ScopeConcat {
  readonly concat: readonly ScopeValue[];
}

/** The comparison operators a scope condition may use. */
export type ConditionOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'NOT IN'
  | 'IS'
  | 'IS NOT'
  | 'LIKE'
  | 'ILIKE';

/** One `column operator value` condition of a scope step. */
export interface ScopeCondition {
  readonly column: string;
  readonly operator: ConditionOperator;
  readonly value: ScopeValue;
}

/**
 * A scope of another model applied inside an EXISTS (`merge(Entry.visible)`
 * after `joins(:entry)`): its conditions are the target's, expanded on the client.
 */
export interface MergedScope {
  readonly name: string;
  readonly args: readonly ScopeValue[];
}

/**
 * A row of an association exists that matches `where` and the merged scopes
 * of its model: Rails' `joins(:client).where(clients: {active: true})`,
 * `where.associated(:client)`, `merge(Client.active)`; `{not: {exists}}` is
 * `where.missing(:client)`. The query's `whereExists` on the relationship.
 */
export interface ScopeExists {
  readonly exists: string;
  readonly where: readonly ScopeConditionTree[];
  readonly scopes?: readonly MergedScope[] | undefined;
}

/**
 * The conditions of another scope of the same model (`never_verified.or(stale)`):
 * expanded when the query is built; a scope that orders or limits is refused there
 * (the generator only writes references to scopes of conditions).
 */
export interface ScopeReference {
  readonly scope: string;
  readonly args: readonly ScopeValue[];
}

/**
 * A condition with AND / OR / NOT, from an SQL-string `where` (`where("a = 1 OR b IS NULL")`) or `or`:
 * a plain condition, `{all}` (AND), `{any}` (OR; `{any: []}` matches nothing, Rails' `none`), `{not}`
 * or an EXISTS over an association.
 */
export type ScopeConditionTree =
  | ScopeCondition
  | ScopeExists
  | ScopeReference
  | {readonly all: readonly ScopeConditionTree[]}
  | {readonly any: readonly ScopeConditionTree[]}
  | {readonly not: ScopeConditionTree};

/**
 * A test of a scope's arguments (`x.present?`, `x.blank?`, `x.nil?`, `x.empty?`, `x` as a
 * Ruby truth value, `x == literal`), combined with `all`/`any`/`not`: ActiveSupport's blank is
 * nil, false, an empty or whitespace-only string, an empty array or object.
 */
export type ScopeArgumentTest =
  | {readonly param: string; readonly test: 'present' | 'blank' | 'nil' | 'truthy' | 'empty'}
  /** `x == 1` / `x != "a"` with a literal (Ruby's ==: 1 == 1.0; a string never equals a symbol's name here). */
  | {readonly param: string; readonly equals: string | number | boolean | null}
  /**
   * `/true|false/.match?(x.to_s)` (`toS`: the argument as Ruby's to_s, nil is "") or `x.match?(/\A\d+\z/)`
   * (a String only; anything else raises in Ruby): a JS RegExp source and flags converted from Ruby's.
   */
  | {readonly param: string; readonly matches: string; readonly flags: string; readonly toS?: true}
  | {readonly all: readonly ScopeArgumentTest[]}
  | {readonly any: readonly ScopeArgumentTest[]}
  | {readonly not: ScopeArgumentTest};

/** One step of a translated Rails scope: a where, an order, a limit, … applied in order. */
export type ScopeStep =
  | {readonly op: 'where'; readonly conditions: readonly ScopeConditionTree[]}
  /** `where(a: x) if x.present?`: the `then` steps when the test holds, else the `else` steps (a nil body is `all`, as in Rails). */
  | {readonly op: 'if'; readonly test: ScopeArgumentTest; readonly then: readonly ScopeStep[]; readonly else: readonly ScopeStep[]}
  | {readonly op: 'order'; readonly column: string; readonly direction: 'asc' | 'desc'}
  | {readonly op: 'limit'; readonly value: ScopeValue}
  | {readonly op: 'scope'; readonly name: string; readonly args: readonly ScopeValue[]};

/** A Rails scope translated by the generator: its name, parameters and steps (`Job.open()`, `Job.for_client(id)`). */
export interface ScopeConfig {
  readonly name: string;
  readonly params: readonly string[];
  /** Literal defaults of optional parameters (`->(max = 5)`), used when the call passes fewer arguments. */
  readonly defaults?: Readonly<Record<string, JSONValue>> | undefined;
  readonly steps: readonly ScopeStep[];
}

/** A Rails enum: the column, its values and the predicate/scope names Rails derives from them. */
export interface EnumConfig {
  readonly column: string;
  /** Rails name → stored value, in declaration order. */
  readonly values: Readonly<Record<string, string | number>>;
  /** Per value: the predicate (`isOpen`) and scope (`open`) names after `_prefix`/`_suffix`. */
  readonly methods: Readonly<Record<string, {readonly predicate: string; readonly scope: string}>>;
}

/**
 * The Rails validations the generator translates (run on the device before any
 * network, and again on the server). `comparison` is Rails' ComparisonValidator
 * (options `greaterThan`, …, each a literal, a relative time or `{attribute}`);
 * `method` is a custom `validate :name` method whose body the generator could
 * read: it adds `message` to `attribute` (`base`: the record) when `if` holds.
 */
export type ValidationKind =
  | 'presence'
  | 'absence'
  | 'length'
  | 'numericality'
  | 'inclusion'
  | 'exclusion'
  | 'format'
  | 'uniqueness'
  | 'comparison'
  | 'method';

/** A value a condition compares with: a literal, a time computed when the validation runs, or another attribute of the record. */
export type ConditionOperand = JSONValue | RelativeTime | {readonly attribute: string};

/**
 * When a validation applies (Rails `if:` / `unless:`), over the record's own
 * attributes: `query` is Rails' attribute query (`published?`: true, non-zero,
 * non-blank and not a false-like string), `truthy` Ruby's truth (anything but
 * nil and false), `present`/`blank` as in ActiveSupport, `eq`/`ne`/`lt`/`le`/`gt`/`ge`
 * compare with an operand (an ordering with nil, or `include?` on nil, refuses the record:
 * Ruby raises there, so Rails does not save; `ConditionRaisedError`),
 * `includes` a substring, `match` a JS regexp, `in` a list; `changed` is Rails'
 * `attr_changed?` (against the persisted row; on create, against the column
 * default); `record` is
 * `new_record?` / `persisted?`; `all`/`any`/`not` combine.
 */
export type ValidationCondition =
  | {readonly attribute: string; readonly test: 'query' | 'present' | 'blank' | 'nil' | 'truthy' | 'changed'}
  | {readonly attribute: string; readonly test: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; readonly value: ConditionOperand}
  | {readonly attribute: string; readonly test: 'includes'; readonly value: string}
  | {readonly attribute: string; readonly test: 'match'; readonly value: string; readonly flags: string}
  | {readonly attribute: string; readonly test: 'in'; readonly value: readonly JSONValue[]}
  | {readonly record: 'new' | 'persisted'}
  | {readonly all: readonly ValidationCondition[]}
  | {readonly any: readonly ValidationCondition[]}
  | {readonly not: ValidationCondition};

/**
 * Rails `normalizes :email, with: ->(e) { e.strip.downcase }`: steps applied in
 * order to an assigned value before validation, on the device and on the server
 * (`presence` is ActiveSupport's `presence`: blank becomes nil). Nil is left
 * alone unless `applyToNil` (Rails' `apply_to_nil: true`).
 */
export interface NormalizationConfig {
  readonly steps: readonly ('strip' | 'lstrip' | 'rstrip' | 'downcase' | 'upcase' | 'squish' | 'presence' | 'to_s')[];
  readonly applyToNil?: boolean | undefined;
}

/** One translated Rails validation (`validates :title, presence: true`). */
export interface ValidationConfig {
  readonly attribute: string;
  readonly kind: ValidationKind;
  /** Kind-specific options, as in Rails (`maximum`, `in`, `with` as a JS regex source, …). */
  readonly options: Readonly<Record<string, JSONValue>>;
  readonly allowNil?: boolean | undefined;
  readonly allowBlank?: boolean | undefined;
  readonly message?: string | undefined;
  /** Uniqueness cannot be checked on the client: the server/database decides. */
  readonly serverOnly?: boolean | undefined;
  /** Rails `if:` (the validation runs only when it holds) / `unless:` (only when it does not). */
  readonly if?: ValidationCondition | undefined;
  readonly unless?: ValidationCondition | undefined;
}

/**
 * A path from a loggable row to the id an activity-log column needs. Each step
 * reads `column` from the row of `table` whose primary key is the current id
 * (starting with the loggable row's id). An empty path means "the loggable row's
 * own id" (a job's log has `job_id` = the job's id).
 */
export type ReferencePath = readonly {readonly table: string; readonly column: string}[];

/** How a model's writes are logged to the activity log: tracked columns, action names, references. */
export interface LoggableConfig {
  /** Columns whose changes are not tracked (timestamps, `lock_version`). */
  readonly excluded: readonly string[];
  /** Column → action to log when exactly that column changes (`status` → `status_changed`). */
  readonly actions: Readonly<Record<string, string>>;
  /** True when logging is switched off for this model. */
  readonly skip: boolean;
  /** Activity-log column → how to find its value from the loggable row. */
  readonly references: Readonly<Record<string, ReferencePath>>;
  /**
   * Which action wins when one write changes several mapped columns, first
   * first (default `DEFAULT_ACTION_PRIORITY`: status_changed, assigned,
   * unassigned, moved, renamed); every change is kept in `changes` either way.
   */
  readonly priority?: readonly string[] | undefined;
  /** Actions a write may name itself (`job.update({…}, {action: 'completed'})`); the server accepts no others. */
  readonly customActions?: readonly string[] | undefined;
  /**
   * The model's belongs_to foreign keys, for logs a timeline can speak from: a
   * change of a `user` reference logs `assigned`/`unassigned`, of any other
   * (`parent`) `moved`, each with the associated records' names.
   */
  readonly belongsTo?: Readonly<Record<string, {readonly association: string; readonly table: string; readonly role: 'user' | 'parent'}>> | undefined;
  /**
   * `atomic` (the default; absent means atomic): the log is written in the
   * write's own transaction (I4). `deferred` (`LOGGABLE_OPTIONS[:log_mode]`,
   * for high-volume, non-critical models): the server derives the log the
   * same way but hands it to the batched activity logger after the write
   * commits — the log may arrive seconds later, and is lost (counted as a
   * drop) if the server dies first or the logger's buffer overflows.
   */
  readonly mode?: LogMode | undefined;
}

/** Where a model's logs are written: in the write's transaction, or through the batched logger after it commits. */
export type LogMode = 'atomic' | 'deferred';

/** Everything the runtime knows about one generated model — columns, associations, scopes, enums, validations, logging: the contract between `zero-active-models generate` and the models. */
export interface ModelConfig {
  readonly version: typeof MODEL_CONFIG_VERSION;
  /** Ruby class name, namespaces joined with `::` (`Job`, `Admin::User`). */
  readonly className: string;
  /** TS-friendly name (`Job`, `AdminUser`). */
  readonly name: string;
  readonly table: string;
  readonly primaryKey: string;
  readonly columns: Readonly<Record<string, ColumnConfig>>;
  readonly associations: Readonly<Record<string, AssociationConfig>>;
  readonly scopes: Readonly<Record<string, ScopeConfig>>;
  /**
   * Rails `default_scope`: steps (where / order / scopes of the model) applied to
   * every read of the model before its own conditions and order, unless
   * `unscoped()`; `reorder` replaces its order. Absent: none.
   */
  readonly defaultScope?: readonly ScopeStep[] | undefined;
  readonly enums: Readonly<Record<string, EnumConfig>>;
  readonly validations: readonly ValidationConfig[];
  /** Rails `normalizes`, by attribute (absent: none). */
  readonly normalizes?: Readonly<Record<string, NormalizationConfig>> | undefined;
  readonly loggable: LoggableConfig | null;
  /** Soft delete (`include Discard::Model`): the timestamp column. */
  readonly discardable: {readonly column: string} | null;
  /** Single-table inheritance: the type column and this class's stored type name. */
  readonly sti: {readonly column: string; readonly typeName: string} | null;
  /** An ordered list within a parent (absent: not a list). */
  readonly list?: ListConfig | undefined;
  /**
   * The column that names a record to a person (`title`, `name`, or
   * `LOGGABLE_OPTIONS[:display]`): logs keep it as it was at the time of the
   * write, so a timeline reads "renamed *Fix boiler*" without a lookup, also
   * after the record is gone.
   */
  readonly display?: string | null | undefined;
}

/** Where activity logs go: the table and what the server fills in. */
export interface ActivityLogConfig {
  readonly table: string;
  readonly model: string;
  readonly primaryKey: string;
  /** Set by the server from the token, never taken from the client. */
  readonly userColumn: string;
  readonly actionColumn: string;
  readonly loggableTypeColumn: string;
  readonly loggableIdColumn: string;
  readonly metadataColumn: string;
  readonly createdAtColumn: string | null;
  readonly updatedAtColumn: string | null;
  /** Reference columns (`client_id`, `job_id`) → the table each points at. */
  readonly referenceColumns: Readonly<Record<string, string>>;
  /** The table the acting user lives in (the log's belongs_to :user): logs keep the actor's name. */
  readonly userTable?: string | undefined;
  /**
   * `success` / `failed` / `in_progress` of a server event (`trackActivity`);
   * model writes leave it to the column's default. Absent: the table has none.
   */
  readonly statusColumn?: string | null | undefined;
}
