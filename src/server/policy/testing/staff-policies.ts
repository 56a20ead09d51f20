import {boolean, createSchema, number, relationships, string, table} from '@rocicorp/zero';
import {definePolicies, deny} from '../define-policies.ts';

// A small schema and policy set for the policy layer's unit tests: staff
// (with roles), notes that belong to staff, and a table with no policy.
const staff = table('staff')
  .columns({id: string(), name: string(), role: string(), active: boolean()})
  .primaryKey('id');
const notes = table('notes')
  .columns({id: string(), author_id: string(), body: string(), private: boolean(), created_at: number()})
  .primaryKey('id');
const secrets = table('secrets').columns({id: string()}).primaryKey('id');

export const staffSchema = createSchema({
  tables: [staff, notes, secrets],
  relationships: [
    relationships(notes, ({one}) => ({author: one({sourceField: ['author_id'], destField: ['id'], destSchema: staff})})),
    relationships(staff, ({many}) => ({notes: many({sourceField: ['id'], destField: ['author_id'], destSchema: notes})})),
  ],
});

export type StaffUser = {readonly id: string; readonly role: 'member' | 'admin'; readonly active: boolean};

export const staffPolicies = definePolicies<typeof staffSchema, StaffUser>(staffSchema, {
  staff: {
    read: (user) => (user.role === 'admin' ? true : {type: 'simple', column: 'active', op: '=', value: true}),
    update: (user, row, before) => user.role === 'admin' || (row.id === user.id && before.role === row.role) || deny('only admins edit others'),
    readOnly: (user) => (user.role === 'admin' ? [] : ['role']),
  },
  notes: {
    read: (user) => [
      {
        type: 'or',
        conditions: [
          {type: 'simple', column: 'private', op: '=', value: false},
          {type: 'simple', column: 'author_id', op: '=', value: user.id},
        ],
      },
    ],
    create: (user, row) => row.author_id === user.id,
    update: (user, _row, before) => before.author_id === user.id,
    readOnly: ['author_id'],
  },
});

export const member: StaffUser = {id: 'u-member', role: 'member', active: true};
export const admin: StaffUser = {id: 'u-admin', role: 'admin', active: true};
