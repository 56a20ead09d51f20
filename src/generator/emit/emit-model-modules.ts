import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {configExportName, modelFileStem} from './identifiers.ts';

/**
 * The two flavours of every model, as one-line definitions over the runtime
 * factories (the runtime resolves its Zero connection lazily, from
 * `establishConnection`, like Rails' `ActiveRecord::Base.establish_connection`):
 *   generated/active.ts  `ActiveJob`, …   — plain objects, for scripts, the console, Node
 *   generated/svelte.ts  `ReactiveJob`, … — Svelte 5 runes, for components
 * One module per flavour rather than per model: a 200-table app would
 * otherwise write 400 more files on every run (file creation dominates
 * generation time). `@__PURE__` lets bundlers drop the models an app never uses.
 */
export function emitModelModules(context: EmitContext): GeneratedFile[] {
  const models = [...context.models].sort((a, b) => (a.config.className < b.config.className ? -1 : 1));
  const imports = models.map(
    (m) => `import {${configExportName(m.config.name)}, type ${m.config.name}Row} from './models/${modelFileStem(m.config.name)}.config.ts';`,
  );
  const flavour = (factory: string, from: string, prefix: string, what: (name: string) => string, file: string): GeneratedFile => ({
    path: file,
    content: [
      banner(context.banner),
      `import {${factory}} from '${from}';`,
      ...imports,
      '',
      ...models.flatMap((m) => {
        const {name, className} = m.config;
        const config = configExportName(name);
        return [
          `/** Rails \`${className}\` ${what(name)}. */`,
          `export const ${prefix}${name} = /* @__PURE__ */ ${factory}<${name}Row, typeof ${config}>(${config});`,
        ];
      }),
      '',
    ].join('\n'),
  });
  return [
    flavour('createActiveModel', 'zero-active-models', 'Active', (n) => `for scripts, the console and Node (\`await Active${n}.find(id)\`)`, 'active.ts'),
    flavour('createReactiveModel', 'zero-active-models/svelte', 'Reactive', (n) => `for Svelte components (\`Reactive${n}.find(id)\` updates the UI by itself)`, 'svelte.ts'),
  ];
}
