import {describe, expect, test} from 'vitest';
import type {AST} from '@rocicorp/zero';
import {BATCH_FORMAT_VERSION, type BatchOp} from '../../contract/batch.ts';
import {isInvalidPolicyError} from '../../errors/invalid-policy-error.ts';
import {authorizeWrite} from './authorize-write.ts';
import {checkColumnRules} from './check-column-rules.ts';
import {definePolicies} from './define-policies.ts';
import {readFiltersFor} from './read-filters.ts';
import {restrictQueryAst} from './restrict-query-ast.ts';
import {admin, member, staffPolicies, staffSchema} from './testing/staff-policies.ts';

describe('definePolicies', () => {
  test('refuses a policy for a table the schema lacks, an unknown key and an unknown read-only column', () => {
    const check = (tables: object) => {
      try {
        definePolicies(staffSchema, tables as never);
        return null;
      } catch (error) {
        return isInvalidPolicyError(error) ? error.message : String(error);
      }
    };
    expect(check({secretz: {read: () => true}})).toMatch(/no table "secretz".*notes, secrets, staff/);
    expect(check({notes: {reed: () => true}})).toMatch(/unknown key "reed"/);
    expect(check({notes: {readOnly: ['nope']}})).toMatch(/no column "nope"/);
  });
});

describe('read filters', () => {
  test('per user and table, default deny, computed once per request', () => {
    let calls = 0;
    const policies = definePolicies(staffSchema, {staff: {read: () => (calls++, true)}});
    const filters = readFiltersFor(policies, member);
    expect(filters('staff')).toEqual({kind: 'all'});
    expect(filters('staff')).toEqual({kind: 'all'});
    expect(calls).toBe(1);
    expect(filters('secrets')).toEqual({kind: 'none'});
    expect(readFiltersFor(staffPolicies, member)('staff')).toEqual({kind: 'where', condition: {type: 'simple', column: 'active', op: '=', value: true}});
  });

  test.each([
    ['an unknown column', {type: 'simple', column: 'email', op: '=', value: 'x'}, /no synced column "email"/],
    ['a wrong value type', {type: 'simple', column: 'active', op: '=', value: 'yes'}, /does not fit active/],
    ['an unknown operator', {type: 'simple', column: 'name', op: '~', value: 'x'}, /unsupported operator/],
    ['not a condition', 'everything', /condition object/],
  ])('a read rule returning %s fails the request, never widens it', (_what, rule, message) => {
    const policies = definePolicies(staffSchema, {staff: {read: () => rule as never}});
    expect(() => readFiltersFor(policies, member)('staff')).toThrow(message);
  });
});

describe('restrictQueryAst', () => {
  const filters = (user = member) => readFiltersFor(staffPolicies, user);
  const where = (column: string, value: string | boolean) => ({type: 'simple', op: '=', left: {type: 'column', name: column}, right: {type: 'literal', value}});

  test('ANDs the filter into the root, every related subquery and every EXISTS subquery', () => {
    const ast: AST = {
      table: 'notes',
      where: {
        type: 'correlatedSubquery',
        op: 'EXISTS',
        related: {correlation: {parentField: ['author_id'], childField: ['id']}, subquery: {table: 'staff', alias: 'zsubq_author'}},
      },
      related: [
        {
          correlation: {parentField: ['author_id'], childField: ['id']},
          subquery: {table: 'staff', alias: 'author', related: [{correlation: {parentField: ['id'], childField: ['author_id']}, subquery: {table: 'notes', alias: 'notes'}}]},
        },
      ],
    } as unknown as AST;
    const out = restrictQueryAst(ast, filters(), staffSchema) as unknown as {
      where: {type: 'and'; conditions: [{related: {subquery: {where: unknown}}}, unknown]};
      related: [{subquery: {where: unknown; related: [{subquery: {where: unknown}}]}}];
    };
    const notesRule = {type: 'or', conditions: [where('private', false), where('author_id', member.id)]};
    expect(out.where.conditions[1]).toEqual(notesRule);
    expect(out.where.conditions[0].related.subquery.where).toEqual(where('active', true));
    expect(out.related[0].subquery.where).toEqual(where('active', true));
    expect(out.related[0].subquery.related[0].subquery.where).toEqual(notesRule);
  });

  test('keeps the query’s own where (ANDed), leaves readable-by-all tables alone, empties denied ones', () => {
    const own = where('name', 'Ann');
    const narrowed = restrictQueryAst({table: 'staff', where: own} as unknown as AST, filters(), staffSchema);
    expect(narrowed.where).toEqual({type: 'and', conditions: [own, where('active', true)]});
    expect(restrictQueryAst({table: 'staff', where: own} as unknown as AST, filters(admin), staffSchema).where).toEqual(own);
    expect(restrictQueryAst({table: 'secrets'} as unknown as AST, filters(admin), staffSchema).where).toEqual({type: 'or', conditions: []});
  });
});

describe('authorizeWrite', () => {
  const check = (user: typeof member, attempt: Parameters<typeof authorizeWrite>[3]) =>
    authorizeWrite(staffPolicies, user, readFiltersFor(staffPolicies, user), attempt);
  const ann = {id: 'u-ann', name: 'Ann', role: 'member', active: true};

  test('default deny: no policy for the table, or none for this kind of write', () => {
    expect(check(admin, {kind: 'create', table: 'secrets', row: {id: 's'}, before: null})).toMatchObject({code: 'forbidden', message: expect.stringMatching(/no create policy for "secrets"/)});
    expect(check(admin, {kind: 'destroy', table: 'staff', row: ann, before: ann})).toMatchObject({code: 'forbidden', message: expect.stringMatching(/no destroy policy/)});
  });

  test('the policy decides with the user and the rows; its reason is the message', () => {
    expect(check(member, {kind: 'update', table: 'staff', row: {...ann, name: 'Annie'}, before: ann})).toEqual({code: 'forbidden', table: 'staff', message: 'only admins edit others'});
    expect(check(admin, {kind: 'update', table: 'staff', row: {...ann, name: 'Annie'}, before: ann})).toBeNull();
    const me = {...ann, id: member.id};
    expect(check(member, {kind: 'update', table: 'staff', row: {...me, name: 'Me'}, before: me})).toBeNull();
    expect(check(member, {kind: 'create', table: 'notes', row: {id: 'n', author_id: 'someone-else', body: 'x'}, before: null})).toMatchObject({code: 'forbidden'});
    expect(check(member, {kind: 'create', table: 'notes', row: {id: 'n', author_id: member.id, body: 'x'}, before: null})).toBeNull();
  });

  test('nobody writes blind: an update of a row the user cannot read is refused before the policy runs', () => {
    const hidden = {id: 'n1', author_id: 'someone-else', body: 'secret', private: true, created_at: 1};
    // The update policy alone would say no as well; the read check answers first, without saying more.
    expect(check(member, {kind: 'update', table: 'notes', row: {...hidden, body: 'x'}, before: hidden})).toMatchObject({message: expect.stringMatching(/cannot update this "notes" row/)});
    const gone = {...ann, active: false};
    expect(check(member, {kind: 'update', table: 'staff', row: {...gone, id: member.id}, before: {...gone, id: member.id}})).toMatchObject({code: 'forbidden'});
  });

  test('a policy that throws is a policy bug, not a permission', () => {
    const broken = definePolicies(staffSchema, {staff: {read: () => true, update: () => {
      throw new Error('boom');
    }}});
    expect(() => authorizeWrite(broken, member, readFiltersFor(broken, member), {kind: 'update', table: 'staff', row: ann, before: ann})).toThrow(/update threw: boom/);
  });
});

describe('checkColumnRules', () => {
  const batch = (...ops: BatchOp[]) => ({v: BATCH_FORMAT_VERSION, id: 'b1', ops, createdAt: 0});

  test('read-only columns (fixed or per user) are refused in inserts, upserts and updates', () => {
    expect(checkColumnRules(batch({op: 'update', table: 'staff', value: {id: 'x', role: 'admin'}}), staffPolicies, member)).toMatchObject({
      code: 'read_only_column',
      column: 'role',
      opIndex: 0,
      batchId: 'b1',
    });
    expect(checkColumnRules(batch({op: 'update', table: 'staff', value: {id: 'x', role: 'admin'}}), staffPolicies, admin)).toBeNull();
    expect(checkColumnRules(batch({op: 'delete', table: 'notes', id: {id: 'n'}}, {op: 'upsert', table: 'notes', value: {id: 'n', author_id: 'x'}}), staffPolicies, admin)).toMatchObject({
      code: 'read_only_column',
      column: 'author_id',
      opIndex: 1,
    });
  });

  test('on create, a read-only column may carry its own literal default (what Model.new fills in), nothing else', () => {
    const models = {staff: {columns: {role: {default: {kind: 'literal', value: 'member'}}}}} as never;
    const create = (role: string) => batch({op: 'insert', table: 'staff', value: {id: 'x', name: 'N', role}});
    expect(checkColumnRules(create('member'), staffPolicies, member, models)).toBeNull();
    expect(checkColumnRules(create('admin'), staffPolicies, member, models)).toMatchObject({code: 'read_only_column', column: 'role'});
    expect(checkColumnRules(batch({op: 'update', table: 'staff', value: {id: 'x', role: 'member'}}), staffPolicies, member, models)).toMatchObject({code: 'read_only_column'});
  });

  test('created_at may be sent on create, never in an update', () => {
    expect(checkColumnRules(batch({op: 'insert', table: 'notes', value: {id: 'n', body: 'x', created_at: 1}}), staffPolicies, member)).toBeNull();
    expect(checkColumnRules(batch({op: 'update', table: 'notes', value: {id: 'n', created_at: 1}}), staffPolicies, member)).toMatchObject({code: 'read_only_column', column: 'created_at'});
  });
});
