import {GeneratorError} from './generator-error.ts';

/** schema.rb creates the same table twice: the second definition would silently win. */
export class DuplicateTableError extends GeneratorError {
  readonly code = 'generator_duplicate_table' as const;

  constructor(file: string, line: number, table: string, firstLine: number) {
    super(`table "${table}" is created twice (first at line ${firstLine}). Remove one definition.`, {file, line});
  }
}
