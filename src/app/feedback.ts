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

/** A write `announce` started (wrapped: a bare thenable would read as a floating promise at every call). */
export interface Started<W extends Write> {
  readonly write: W;
}

/**
 * Runs a write and reports it. A write that fails at once (a local validation
 * error) gets an error toast and gives null; forms validate before, inline.
 */
export function announce<W extends Write>(what: string, start: () => W, options: {undo?: () => void} = {}): Started<W> | null {
  const id = `write-${++next}`;
  let write: W;
  try {
    write = start();
  } catch (error) {
    toast.error(`Not saved: ${errorMessage(error)}`, {id});
    return null;
  }
  const started = {write};
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
  return started;
}

/**
 * A write on a record still being read (`Job.find(id)` then `undiscard()`), as
 * one Write: the record is read fresh, so its lock_version is the current one.
 */
export function later<R>(load: PromiseLike<R>, write: (record: R) => Write): Write {
  // Boxed: a Write is itself a thenable, and a promise would unwrap it.
  const started = Promise.resolve(load).then((record) => ({write: write(record)}));
  const server = started.then(async ({write: w}) => w.server);
  server.catch(() => {});
  return Object.assign(
    started.then(async ({write: w}) => {
      await w;
    }),
    {server},
  );
}
