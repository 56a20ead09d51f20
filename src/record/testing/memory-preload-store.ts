import type {PreloadRegistration, PreloadStore} from '../../contract/preload-registration.ts';

/** Preload registrations in a Map: "the device" across two PreloadSets (a restart) in one test. */
export class MemoryPreloadStore implements PreloadStore {
  readonly values = new Map<string, unknown>();
  closed = false;

  load(): Promise<readonly unknown[]> {
    return Promise.resolve([...this.values.values()]);
  }

  put(registration: PreloadRegistration): Promise<void> {
    this.values.set(registration.key, structuredClone(registration));
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  close(): void {
    this.closed = true;
  }
}
