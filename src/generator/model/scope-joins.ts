import type {MergedScope, ScopeConditionTree} from '../../contract/model-config.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';
import type {EnumIR} from './translate-enums.ts';

/** What a scope translation needs to know about an association it joins. */
export interface JoinAssociation {
  readonly name: string;
  /** Rails' INNER JOIN over it can return a row several times (has_many, habtm, a through with a many hop). */
  readonly many: boolean;
  /** Why there is no EXISTS over it (no Zero relationship, HABTM, …); null when there is. */
  readonly unavailable: string | null;
  /** The target model's class name (absent: polymorphic or unknown). */
  readonly targetClass: string | undefined;
  /**
   * The columns a direct association joins on: `own` on this model's table, `other` on the
   * target's (belongs_to: foreign key → primary key; has_many/has_one: primary key ← foreign key);
   * null for through, habtm and polymorphic ones.
   */
  readonly keys: {readonly own: string; readonly other: string} | null;
  /**
   * The conditions Rails' join adds to its ON clause (the association's scope, `<as>_type = …`) for
   * an EXISTS-only relationship, translated when first joined (throws JoinUntranslatable); null: none.
   */
  readonly implied: (() => {readonly where: readonly ScopeConditionTree[]; readonly scopes: readonly MergedScope[]}) | null;
}

/** A model as the target of a join: its columns and enums (for the joined table's conditions). */
export interface JoinModel {
  readonly className: string;
  readonly table: string;
  readonly primaryKey: string;
  readonly columns: ReadonlySet<string>;
  readonly enumByColumn: ReadonlyMap<string, EnumIR>;
  readonly associations: ReadonlyMap<string, JoinAssociation>;
  /** belongs_to associations by name: `where(user: user)` tests the foreign key. */
  readonly belongsTo: ReadonlyMap<string, {readonly foreignKey: string; readonly primaryKey: string; readonly polymorphic: boolean}>;
  /** An STI subclass: Rails' join adds `type = …` (null for a base class, whose rows are all its subclasses'). */
  readonly stiCondition: {readonly column: string; readonly typeName: string} | null;
  /** Why a join of it cannot be expressed at all (an STI subclass with subclasses of its own), or null. */
  readonly unjoinable: string | null;
  /** Rails adds a target's default_scope to every join of it; the generator does not translate that (an order-only one is harmless: false). */
  readonly hasDefaultScope: boolean;
  /** Scopes a gem defines with one condition (AASM's `purchased`), for `merge(Order.purchased)`. */
  readonly builtinScopes: ReadonlyMap<string, {readonly column: string; readonly value: string}>;
  /** Names of the scopes the model declares (`scope :x`), which win over builtin ones. */
  readonly scopeNames: ReadonlySet<string>;
}

/** Every model of the app, for joins and merges across models. */
export interface JoinWorld {
  model(className: string): JoinModel | undefined;
  singularize(word: string): string;
}

/** Raised for a join the scope translation cannot express; becomes the scope's skip reason. */
export class JoinUntranslatable extends Error {}

function fail(reason: string): never {
  throw new JoinUntranslatable(reason);
}

type JoinMode = 'inner' | 'left' | 'eager';

/** One joined association (`joins(order_detail: :order)` is a node with a child). */
export interface JoinNode {
  readonly association: JoinAssociation;
  readonly target: JoinModel;
  mode: JoinMode;
  readonly children: Map<string, JoinNode>;
  readonly where: ScopeConditionTree[];
  readonly scopes: MergedScope[];
  /** `left_joins(:x).where(x: {id: nil})` / `where.missing(:x)`: no such row. */
  missing: boolean;
  /** How many of `where` (and `scopes`) the join itself implies (STI type, association scope): not a filter of the chain. */
  readonly impliedWhere: number;
  readonly impliedScopes: number;
}

/**
 * A `where(table: {…})` whose conditions are built once the joins of the whole chain are known;
 * or (`sql`) an SQL string over one joined table's columns, built against that table's model.
 */
export type PendingTableWhere =
  | {readonly key: string; readonly entries: Map<string, RubyValue>; readonly negate: boolean}
  | {readonly key: string; readonly sql: (target: JoinModel) => ScopeConditionTree};

const MODE_RANK: Record<JoinMode, number> = {eager: 0, left: 1, inner: 2};

/**
 * The joins of one scope's chain. Rails applies `joins`/`left_joins`/`includes`
 * wherever they stand in the chain, so they are collected first and the
 * conditions on joined tables attached to them at the end; each top-level
 * join then becomes ONE EXISTS (so two conditions on one joined table test the
 * same joined row, as in SQL).
 */
export class JoinState {
  readonly roots = new Map<string, JoinNode>();
  readonly pending: PendingTableWhere[] = [];
  distinct = false;
  /** Scopes of joined models that joined associations' own scopes call, to check like merges. */
  readonly impliedMerges: {readonly className: string; readonly scope: string}[] = [];
  readonly #self: JoinModel;
  readonly #world: JoinWorld;

  constructor(self: JoinModel, world: JoinWorld) {
    this.#self = self;
    this.#world = world;
  }

  /** `joins(:a, b: :c, d: [:e])` and the left/eager variants. */
  add(args: readonly RubyValue[], mode: JoinMode, method: string): void {
    for (const arg of args) this.#addValue(arg, this.#self, this.roots, mode, method);
  }

  #addValue(value: RubyValue, from: JoinModel, into: Map<string, JoinNode>, mode: JoinMode, method: string): void {
    if (value.kind === 'symbol' || value.kind === 'string') {
      if (value.kind === 'string' && /\s/.test(value.value)) fail(`${method} with SQL (a hand-written JOIN)`);
      this.#node(value.value, from, into, mode, method);
    } else if (value.kind === 'array') {
      for (const item of value.items) this.#addValue(item, from, into, mode, method);
    } else if (value.kind === 'hash') {
      for (const [k, v] of value.entries) {
        if (k.kind !== 'symbol' && k.kind !== 'string') fail(`${method} with a non-name key`);
        const node = this.#node(k.value, from, into, mode, method);
        if (node !== null) this.#addValue(v, node.target, node.children, mode, method);
      }
    } else fail(`${method} with a non-literal argument`);
  }

  #node(name: string, from: JoinModel, into: Map<string, JoinNode>, mode: JoinMode, method: string): JoinNode | null {
    try {
      return this.#joinedNode(name, from, into, mode, method);
    } catch (error) {
      // `includes` alone does not change the rows: an association it cannot join is just not joined
      // (a where naming its table then fails as "not joined").
      if (mode === 'eager' && error instanceof JoinUntranslatable) return null;
      throw error;
    }
  }

  #joinedNode(name: string, from: JoinModel, into: Map<string, JoinNode>, mode: JoinMode, method: string): JoinNode {
    const existing = into.get(name);
    if (existing !== undefined) {
      if (MODE_RANK[mode] > MODE_RANK[existing.mode]) existing.mode = mode;
      return existing;
    }
    const association = from.associations.get(name);
    if (association === undefined) fail(`${method}(:${name}), which is not an association of ${from.className}`);
    if (association.unavailable !== null) fail(`${method}(:${name}): ${association.unavailable}`);
    const target = association.targetClass === undefined ? undefined : this.#world.model(association.targetClass);
    if (target === undefined) fail(`${method}(:${name}): its target is not a model with a table`);
    if (target.hasDefaultScope) fail(`${method}(:${name}): ${target.className} has a default_scope, which Rails adds to the join`);
    if (target.unjoinable !== null) fail(`${method}(:${name}): ${target.unjoinable}`);
    const where: ScopeConditionTree[] = target.stiCondition === null ? [] : [{column: target.stiCondition.column, operator: '=', value: target.stiCondition.typeName}];
    const scopes: MergedScope[] = [];
    if (association.implied !== null) {
      const implied = association.implied();
      where.push(...implied.where);
      scopes.push(...implied.scopes);
      for (const sc of implied.scopes) this.impliedMerges.push({className: target.className, scope: sc.name});
    }
    const node: JoinNode = {association, target, mode, children: new Map(), where, scopes, missing: false, impliedWhere: where.length, impliedScopes: scopes.length};
    into.set(name, node);
    return node;
  }

  /** `where.missing(:a)`: LEFT JOIN a … WHERE a.id IS NULL. */
  missing(names: readonly RubyValue[]): void {
    for (const n of names) {
      if (n.kind !== 'symbol' && n.kind !== 'string') fail('where.missing with a non-name argument');
      this.#joinedNode(n.value, this.#self, this.roots, 'left', 'where.missing').missing = true;
    }
  }

  /** `where.associated(:a)`: INNER JOIN a … WHERE a.id IS NOT NULL. */
  associated(names: readonly RubyValue[]): void {
    for (const n of names) {
      if (n.kind !== 'symbol' && n.kind !== 'string') fail('where.associated with a non-name argument');
      this.#joinedNode(n.value, this.#self, this.roots, 'inner', 'where.associated');
    }
  }

  /**
   * The joined node a `where(key: {…})` names: an association of the model (or its singular), else a
   * table name; with `tableOnly` (a column qualified in SQL, `"tasks.completed"`) only a table name.
   */
  nodeForKey(key: string, tableOnly = false): JoinNode {
    const association = tableOnly ? undefined : (this.#self.associations.get(key) ?? this.#self.associations.get(this.#world.singularize(key)));
    const table = association?.targetClass === undefined ? key : (this.#world.model(association.targetClass)?.table ?? key);
    const found: JoinNode[] = [];
    const visit = (nodes: ReadonlyMap<string, JoinNode>): void => {
      for (const n of nodes.values()) {
        if (n.target.table === table) found.push(n);
        visit(n.children);
      }
    };
    visit(this.roots);
    if (found.length === 0) fail(`where on ${key}, a table the scope does not join (add joins(:…) or it is a column of another table)`);
    if (found.length > 1) fail(`where on ${key}, which the scope joins more than once`);
    return found[0]!;
  }

  /** The node a `merge(Other.scope)` applies to: the one joined node whose model is `className`. */
  nodeForClass(className: string): JoinNode {
    const wanted = className.replace(/^::/, '');
    const found: JoinNode[] = [];
    const visit = (nodes: ReadonlyMap<string, JoinNode>): void => {
      for (const n of nodes.values()) {
        const c = n.target.className;
        if (c === wanted || c.endsWith(`::${wanted}`)) found.push(n);
        visit(n.children);
      }
    };
    visit(this.roots);
    if (found.length !== 1) fail(`merge(${className}.…) ${found.length === 0 ? 'without joining' : 'joining more than once'} an association of that class in the same scope`);
    return found[0]!;
  }

  /** The condition trees of every join, to AND into the scope. */
  conditions(): ScopeConditionTree[] {
    const out: ScopeConditionTree[] = [];
    for (const node of this.roots.values()) {
      const c = this.#condition(node);
      if (c !== null) out.push(c);
    }
    return out;
  }

  #condition(node: JoinNode): ScopeConditionTree | null {
    const name = node.association.name;
    const inner: ScopeConditionTree[] = [...node.where];
    for (const child of node.children.values()) {
      const c = this.#condition(child);
      if (c !== null) inner.push(c);
    }
    const filtered = inner.length > node.impliedWhere || node.scopes.length > node.impliedScopes;
    if (node.missing) {
      if (filtered || node.mode === 'inner') fail(`${name}: both joined and tested for a missing row`);
      // NOT EXISTS is what it means, and Zero's client refuses to run not(exists()) (rocicorp issue 3438).
      fail(`a missing ${name} row (NOT EXISTS): Zero's client does not run not(exists()) (bugs.rocicorp.dev/issue/3438)`);
    }
    // INNER JOIN (and a LEFT JOIN that keeps only matching rows) repeats a record per
    // matching row of a collection; EXISTS returns it once. Only `distinct` makes them agree.
    const repeats = node.association.many && !this.distinct && node.mode !== 'eager';
    if (node.mode === 'inner' || filtered) {
      if (repeats) fail(`joins(:${name}) returns a record once per matching ${name} row in Rails; with .distinct it is translated (EXISTS)`);
      return node.scopes.length > 0 ? {exists: name, where: inner, scopes: node.scopes} : {exists: name, where: inner};
    }
    if (repeats) fail(`left_joins(:${name}) returns a record once per ${name} row in Rails; with .distinct it is translated`);
    return null;
  }
}
