import {GeneratorError} from './generator-error.ts';

/** Prism reported a syntax error; generation refuses to guess around broken Ruby. */
export class RubySyntaxError extends GeneratorError {
  readonly code = 'generator_ruby_syntax' as const;

  constructor(file: string, line: number, detail: string) {
    super(`Ruby syntax error: ${detail}. Fix the Ruby source and run \`npm run generate\` again.`, {file, line});
  }
}
