import {ZamError} from '../../errors/zam-error.ts';

/**
 * Root of the errors that stop generation (exit code 1). Each names the file and
 * line so the user can fix the Rails source; the previous `generated/` stays
 * untouched because output is only swapped in after a successful run.
 */
export abstract class GeneratorError extends ZamError {
  readonly file: string;
  readonly line: number | null;

  constructor(message: string, position: {file: string; line: number | null}) {
    super(`${position.line === null ? position.file : `${position.file}:${position.line}`}: ${message}`);
    this.file = position.file;
    this.line = position.line;
  }
}

export function isGeneratorError(error: unknown): error is GeneratorError {
  return error instanceof GeneratorError;
}
