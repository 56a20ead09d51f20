// Public entry point: `zero-active-models/eslint`, the lint rules for apps
// that use the library (a flat-config plugin). It works on the source text
// alone: nothing here imports the runtime, so linting never loads Zero.
export {default, plugin, recommended} from './plugin.ts';
export type {ZamEslintPlugin} from './plugin.ts';
