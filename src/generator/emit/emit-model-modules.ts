import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {configExportName, modelFileStem} from './identifiers.ts';

/**
 * The two flavours of every model, as thin modules over the runtime
 * factories (the runtime resolves its Zero connection lazily, from
 * `establishConnection`, like Rails' `ActiveRecord::Base.establish_connection`):
 *   generated/models/job.ts         `ActiveJob`   — plain objects, for scripts, the console, Node
 *   generated/models/job.svelte.ts  `ReactiveJob` — Svelte 5 runes, for components
 * plus `generated/svelte.ts` re-exporting every Reactive model (the plain ones
 * are in `generated/index.ts`).
 */
export function emitModelModules(context: EmitContext): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const models = [...context.models].sort((a, b) => (a.config.className < b.config.className ? -1 : 1));
  for (const m of models) {
    const {name, className} = m.config;
    const stem = modelFileStem(name);
    const config = configExportName(name);
    const imports = `import {${config}, type ${name}Row} from './${stem}.config.ts';`;
    files.push({
      path: `models/${stem}.ts`,
      content: [
        banner(context.banner),
        "import {createActiveModel} from 'zero-active-models';",
        imports,
        '',
        `/** Rails \`${className}\` for scripts, the console and Node: \`await Active${name}.find(id)\`, \`Active${name}.where({...})\`. */`,
        `export const Active${name} = createActiveModel<${name}Row, typeof ${config}>(${config});`,
        '',
      ].join('\n'),
    });
    files.push({
      path: `models/${stem}.svelte.ts`,
      content: [
        banner(context.banner),
        "import {createReactiveModel} from 'zero-active-models/svelte';",
        imports,
        '',
        `/** Rails \`${className}\` for Svelte components: \`Reactive${name}.find(id)\` updates the UI by itself. */`,
        `export const Reactive${name} = createReactiveModel<${name}Row, typeof ${config}>(${config});`,
        '',
      ].join('\n'),
    });
  }
  files.push({
    path: 'svelte.ts',
    content: [
      banner(context.banner),
      ...models.map((m) => `export {Reactive${m.config.name}} from './models/${modelFileStem(m.config.name)}.svelte.ts';`),
      '',
    ].join('\n'),
  });
  return files;
}
