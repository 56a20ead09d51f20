import {createBuilder} from '@rocicorp/zero';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {defineModelQueries} from '../zero/model-queries.ts';

/**
 * The generated models' synced queries (`zam.jobs`, `zam.clients`, …): every
 * model read (`Job.where(...)`) is one of these with a QuerySpec, resolved to
 * ZQL by the same code on the client and on the API server.
 */
export const modelQueries = defineModelQueries(createBuilder(schema), MODELS);
