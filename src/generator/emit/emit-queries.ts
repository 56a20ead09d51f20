import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';

/**
 * `generated/queries.ts`: the synced queries of every model (`zam.<table>`,
 * one per table, taking a QuerySpec). The same registry goes to the Zero
 * client (reads) and to the API server's query endpoint (which re-validates
 * each spec against the models and builds the ZQL itself).
 */
export function emitQueries(context: EmitContext): GeneratedFile[] {
  return [
    {
      path: 'queries.ts',
      content: [
        banner(context.banner),
        "import {createBuilder} from '@rocicorp/zero';",
        "import {defineModelQueries} from 'zero-active-models';",
        "import {MODELS} from './models.ts';",
        "import {schema} from './schema.ts';",
        '',
        '/** `zam.jobs`, `zam.clients`, …: what every `Job.where(...)` / `ReactiveJob.find(id)` reads through. */',
        'export const modelQueries = defineModelQueries(createBuilder(schema), MODELS);',
        '',
      ].join('\n'),
    },
  ];
}
