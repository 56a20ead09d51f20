import {GeneratorError} from './generator-error.ts';

/** A model refers (superclass, `class_name:`, association) to a class no file in app/models defines. */
export class UnknownClassError extends GeneratorError {
  readonly code = 'generator_unknown_class' as const;
  readonly className: string;

  constructor(file: string, line: number, className: string, context: string, hint = 'or pass --allow-unknown-classes to skip such associations with a warning') {
    super(`${context} refers to unknown class ${className}. Define it in app/models, fix the name, ${hint}.`, {file, line});
    this.className = className;
  }
}
