/** `Name: message` of an error (or its string form), for status lines and `lastError`. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
