import {expect, test} from 'vitest';
import {dbErrorRejection} from './db-error-rejection.ts';

const op = {op: 'insert', table: 'tasks', value: {}} as const;

test('classifies PostgreSQL errors by SQLSTATE, not by message', () => {
  const fk = Object.assign(new Error('whatever text'), {code: '23503', constraint_name: 'fk_tasks_job'});
  expect(dbErrorRejection(fk, 2, op, 'b')).toMatchObject({
    code: 'constraint_violation',
    pgCode: '23503',
    constraint: 'fk_tasks_job',
    opIndex: 2,
    table: 'tasks',
  });
  expect(dbErrorRejection(Object.assign(new Error('x'), {code: '22P02'}), 0, op, 'b').code).toBe('invalid_value');
  expect(dbErrorRejection(Object.assign(new Error('violates foreign key'), {code: '57P01'}), 0, op, 'b').code).toBe(
    'server_error',
  );
  expect(dbErrorRejection('not an error object', 0, op, 'b').code).toBe('server_error');
});
