import {z} from 'zod';
import type {JSONValue} from './model-config.ts';
import {BATCH_FORMAT_VERSION, type Batch} from './batch.ts';

/** Upper bound on ops in one batch: a batch is one transaction, not a bulk import. */
export const MAX_OPS_PER_BATCH = 1_000;
/** Upper bound on a batch's JSON size; larger payloads are refused before touching the database. */
export const MAX_BATCH_BYTES = 256 * 1024;

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'not a valid SQL identifier');
const json: z.ZodType<JSONValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
const row = z.record(identifier, json);

const op = z.discriminatedUnion('op', [
  z.object({op: z.literal('insert'), table: identifier, value: row}).strict(),
  z.object({op: z.literal('upsert'), table: identifier, value: row}).strict(),
  z.object({op: z.literal('update'), table: identifier, value: row, expected: row.optional()}).strict(),
  z.object({op: z.literal('delete'), table: identifier, id: row}).strict(),
  z
    .object({
      op: z.literal('log'),
      table: identifier,
      value: row,
      loggable: z.object({table: identifier, id: z.string().min(1)}).strict(),
    })
    .strict(),
]);

/**
 * The shape of a Batch as it arrives from a client. Zero runs this validator
 * before the mutator on both sides; on the server it is the first line of
 * defence (the table/column/type guard comes next).
 */
export const batchSchema: z.ZodType<Batch> = z
  .object({
    v: z.union([z.literal(1), z.literal(BATCH_FORMAT_VERSION)]),
    id: z.uuid(),
    ops: z.array(op).min(1).max(MAX_OPS_PER_BATCH),
    createdAt: z.number().int().nonnegative(),
  })
  .strict() as unknown as z.ZodType<Batch>;
