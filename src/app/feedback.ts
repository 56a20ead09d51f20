// A toast for every write: "Saved on this device" when it is in the outbox,
// then "Synced" (or "Waiting for connection" while offline), or an error with
// the server's reason and a way to the rejected write. Nothing is silent (I5).
import {toast} from 'svelte-sonner';
import {isBatchRejectedError, isRecordInvalidError} from 'zero-active-models';

/** What every write returns: resolves when applied locally (durable), `server` when confirmed. */
export type Write = PromiseLike<unknown> & {readonly server: Promise<unknown>};

export interface FeedbackHooks {
  /** Whether zero-cache is reachable right now. */
  online(): boolean;
  /** Opens the rejected-writes drawer. */
  showRejected(): void;
}

let hooks: FeedbackHooks = {online: () => navigator.onLine, showRejected: () => {}};
let next = 0;
/** Writes started but not yet in the outbox: closing the tab now could lose them. */
let inFlight = 0;

/** How many writes are not yet durable on this device (the beforeunload warning asks only then). */
export function writesNotDurable(): number {
  return inFlight;
}

export function setFeedbackHooks(h: FeedbackHooks): void {
  hooks = h;
}

export function errorMessage(error: unknown): string {
  if (isBatchRejectedError(error)) {
    const r = error.rejection;
    return r.fullMessages && r.fullMessages.length > 0 ? r.fullMessages.join(', ') : r.message;
  }
  if (isRecordInvalidError(error)) return error.fullMessages.join(', ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a write and reports it. A local validation error is thrown back (forms
 * show it inline) after the toast; the result is the write, or null.
 */
export function announce<W extends Write>(what: string, start: () => W, options: {undo?: () => void} = {}): W | null {
  const id = `write-${++next}`;
  let write: W;
  try {
    write = start();
  } catch (error) {
    toast.error(`Not saved: ${errorMessage(error)}`, {id});
    return null;
  }
  inFlight += 1;
  const landed = () => (inFlight -= 1);
  Promise.resolve(write).then(landed, landed);
  let synced = false;
  const undo = options.undo ? {label: 'Undo', onClick: options.undo} : undefined;
  Promise.resolve(write).then(
    () => {
      if (synced) return;
      const waiting = !hooks.online();
      toast(waiting ? 'Waiting for connection' : 'Saved on this device', {
        id,
        description: waiting ? `${what} — saved on this device` : what,
        duration: options.undo ? 5000 : 4000,
        action: undo,
      });
    },
    (error: unknown) => toast.error(`Not saved: ${errorMessage(error)}`, {id, description: what}),
  );
  write.server.then(
    () => {
      synced = true;
      // An Undo offer stays up its full 5 s: "Synced" would replace its button.
      if (!options.undo) toast.success('Synced', {id, description: what});
    },
    (error: unknown) =>
      toast.error(`Rejected: ${errorMessage(error)}`, {
        id,
        description: what,
        duration: 10_000,
        action: {label: 'Show', onClick: () => hooks.showRejected()},
      }),
  );
  return write;
}

/**
 * A write on a record still being read (`Job.find(id)` then `undiscard()`), as
 * one Write: the record is read fresh, so its lock_version is the current one.
 */
export function later<R>(load: PromiseLike<R>, write: (record: R) => Write): Write {
  const started = Promise.resolve(load).then(write);
  const server = started.then((w) => w.server);
  server.catch(() => {});
  return Object.assign(
    started.then((w) => w),
    {server},
  );
}
