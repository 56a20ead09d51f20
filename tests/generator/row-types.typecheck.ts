// Compile-time check (run by `npm run check`, and by tests/generator/typecheck.test.ts):
// the generated row types agree with Zero's own row types for the generated
// schema, so a row read through Zero can be used as a `JobRow` and vice versa.
import type {Row} from '@rocicorp/zero';
import type {ActivityLogRow, ClientRow, JobRow, Schema, TaskRow, UserRow} from '../../generated/index.ts';

type Mutable<T> = {-readonly [K in keyof T]: T[K]};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ZeroRow<T extends keyof Schema['tables']> = Mutable<Row<Schema['tables'][T]>>;

export const rowTypesAgree: [
  Same<ZeroRow<'jobs'>, JobRow>,
  Same<ZeroRow<'tasks'>, TaskRow>,
  Same<ZeroRow<'clients'>, ClientRow>,
  Same<ZeroRow<'users'>, UserRow>,
  Same<ZeroRow<'activity_logs'>, ActivityLogRow>,
] = [true, true, true, true, true];
