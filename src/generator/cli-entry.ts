// What scripts/generate.ts needs, in one module, so that it can be loaded from
// the precompiled cache (see load-generator.ts) as a single graph: error
// classes and `instanceof` checks must come from the same copy.
export {isGeneratorError} from './errors/generator-error.ts';
export {generate} from './generate.ts';
export {diffOutput, isClean, sameOutput, writeOutput} from './write-output.ts';
