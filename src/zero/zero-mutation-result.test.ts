import {describe, expect, test} from 'vitest';
import {BatchOutcomeUnknownError} from '../errors/batch-outcome-unknown-error.ts';
import {BatchRejectedError} from '../errors/batch-rejected-error.ts';
import {toBatchOutcome} from './zero-mutation-result.ts';

describe('toBatchOutcome', () => {
  test('success is applied; already_applied details are success too', () => {
    expect(toBatchOutcome('b', {type: 'success'})).toEqual({status: 'applied'});
    expect(
      toBatchOutcome('b', {type: 'error', error: {type: 'app', message: 'dup', details: {code: 'already_applied'}}}),
    ).toEqual({status: 'already-applied'});
  });

  test('an app error is a final rejection carrying code, table and op index', () => {
    const run = () =>
      toBatchOutcome('b', {
        type: 'error',
        error: {type: 'app', message: 'fk', details: {code: 'constraint_violation', opIndex: 1, table: 'tasks'}},
      });
    expect(run).toThrow(BatchRejectedError);
    try {
      run();
    } catch (error) {
      expect((error as BatchRejectedError).rejection).toMatchObject({code: 'constraint_violation', opIndex: 1, table: 'tasks', batchId: 'b'});
    }
  });

  test('an app error without structured details is still a rejection (server_error)', () => {
    expect(() => toBatchOutcome('b', {type: 'error', error: {type: 'app', message: 'boom', details: undefined}})).toThrow(
      /server_error/,
    );
  });

  test('a zero error means unknown: may be applied, safe to resend', () => {
    expect(() => toBatchOutcome('b', {type: 'error', error: {type: 'zero', message: 'socket closed'}})).toThrow(
      BatchOutcomeUnknownError,
    );
  });
});
