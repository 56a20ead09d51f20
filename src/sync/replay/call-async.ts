/**
 * Calls `fn` and returns its result as a promise, turning a synchronous throw
 * into a rejection — so a hook or transport that throws instead of rejecting
 * still ends up in the one `.then(ok, failed)` that handles it.
 */
export function callAsync<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
