// Who may read and write what in the field-service demo. The API server
// enforces these on every push and every synced query (scripts/lib/stack.ts);
// the browser never sees this file.
import {allow, definePolicies, deny, type ReadRule} from 'zero-active-models/server';
import type {UserRow} from '../../generated/models/user.config.ts';
import {schema} from '../../generated/schema.ts';

/** The acting user as the API server loads it (only active users get this far). */
export type Staff = UserRow;

const isAdmin = (user: Staff): boolean => user.role === 'admin';
/** Dispatchers and admins run the office: clients, every job, the team list. */
const isOffice = (user: Staff): boolean => user.role === 'admin' || user.role === 'dispatcher';

/**
 * Technicians see active colleagues (names for the timeline and for picking an
 * assignee) and themselves; the office sees everyone, deactivated accounts too.
 * Emails are not in the rows at all (User::ZERO_PRIVATE): every technician
 * syncs every active user's row, and Zero syncs whole rows.
 */
const readUsers = (user: Staff): ReadRule =>
  isOffice(user)
    ? true
    : {
        type: 'or',
        conditions: [
          {type: 'simple', column: 'active', op: '=', value: true},
          {type: 'simple', column: 'id', op: '=', value: user.id},
        ],
      };

export const fieldServicePolicies = definePolicies<typeof schema, Staff>(schema, {
  clients: {
    read: () => true,
    create: (user) => isOffice(user) || deny('only dispatchers and admins add clients'),
    update: (user) => isOffice(user) || deny('only dispatchers and admins edit clients'),
    destroy: (user) => isAdmin(user) || deny('only admins delete clients'),
  },
  // The field work itself: everyone on the team reads and writes jobs and tasks.
  jobs: {read: () => true, create: () => true, update: () => true, destroy: () => true},
  tasks: {read: () => true, create: () => true, update: () => true, destroy: () => true},
  notes: {read: () => true, create: () => true, update: () => true, destroy: () => true},
  users: {
    read: readUsers,
    create: (user) => isAdmin(user) || deny('only admins add users'),
    update: (user, row, before) => {
      if (!isAdmin(user)) return deny('only admins change users');
      if (before.id === user.id && (row.role !== 'admin' || !row.active)) return deny('an admin cannot demote or deactivate themselves');
      return allow();
    },
    destroy: (user, row) => {
      if (!isAdmin(user)) return deny('only admins delete users');
      return row.id !== user.id || deny('an admin cannot delete themselves');
    },
    // Who is an admin, and who may log in at all, is never a technician's edit.
    readOnly: (user) => (isAdmin(user) ? [] : ['role', 'active']),
  },
  // The audit trail: everyone reads it; nobody writes it (the server does).
  activity_logs: {read: () => true},
});
