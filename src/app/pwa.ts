/// <reference types="vite-plugin-pwa/client" />
// The service worker (vite.config.ts, vite-plugin-pwa): registered by the
// app so it can offer the update instead of reloading by itself.
import {registerSW} from 'virtual:pwa-register';

export interface ServiceWorkerEvents {
  /** A new version is installed and waiting; call the returned `update()` to switch. */
  onNeedRefresh(): void;
  /** The app shell is cached: the app opens without a network from now on. */
  onOfflineReady(): void;
}

/** Registers the service worker; the result reloads into the waiting version. */
export function registerServiceWorker(events: ServiceWorkerEvents): () => Promise<void> {
  return registerSW({immediate: true, onNeedRefresh: events.onNeedRefresh, onOfflineReady: events.onOfflineReady});
}
