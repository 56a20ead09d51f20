import {GeneratorError} from './generator-error.ts';

/** The Rails app root has no `db/schema.rb` (structure.sql is not supported). */
export class SchemaMissingError extends GeneratorError {
  readonly code = 'generator_schema_missing' as const;

  constructor(file: string) {
    super(
      'db/schema.rb not found. Point --rails at the Rails app root (the folder holding db/ and app/), ' +
        'or run `bin/rails db:schema:dump` there first.',
      {file, line: null},
    );
  }
}
