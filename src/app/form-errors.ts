// Field errors for the forms: the generated validations (before any network)
// and, after, the server's (a rejected write's `record_invalid` errors).
import {isBatchRejectedError, isRecordInvalidError} from 'zero-active-models';

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** The field errors an error carries (local RecordInvalidError or a server rejection), or null. */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (isRecordInvalidError(error)) return error.errors;
  if (isBatchRejectedError(error) && error.rejection.errors) return error.rejection.errors;
  return null;
}

/**
 * Waits for the server's answer while online, up to `ms`: a rejection comes
 * back to the form that made it; offline (or slow) the write waits in the
 * outbox and its toast reports the outcome.
 */
export async function serverVerdict(server: Promise<unknown>, online: boolean, ms = 4000): Promise<unknown> {
  if (!online) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      server.then(
        () => null,
        (e: unknown) => e,
      ),
      new Promise((resolve) => (timer = setTimeout(() => resolve(null), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A form's write to its end: applied on the device, then (online) the
 * server's verdict. Gives the saved record's id, or the field errors to show.
 */
export async function settle(write: PromiseLike<unknown> & {readonly server: Promise<unknown>}, online: boolean): Promise<{id: string | null; errors: FieldErrors | null}> {
  try {
    const result = (await write) as {id?: string} | undefined;
    const errors = fieldErrorsOf(await serverVerdict(write.server, online));
    return {id: result?.id ?? null, errors};
  } catch (e) {
    return {id: null, errors: fieldErrorsOf(e) ?? {base: [e instanceof Error ? e.message : String(e)]}};
  }
}
