/** Where the browser finds zero-cache; served by whatever serves the app (scripts/lib/demo-server.ts). */
export interface AppConfig {
  readonly cacheURL: string;
}

/** The runtime config's URL: never precached (vite.config.ts), so a new server address is seen. */
export const CONFIG_PATH = '/zam-config.json';
const KEY = 'zam-demo-config';
const FALLBACK: AppConfig = {cacheURL: 'http://127.0.0.1:4848'};

/**
 * The config from the server, remembered on the device: the built app is
 * served by a service worker when there is no network, and it must still know
 * where zero-cache is for when the signal comes back.
 */
export async function loadAppConfig(): Promise<AppConfig> {
  try {
    const res = await fetch(CONFIG_PATH, {cache: 'no-store'});
    if (res.ok) {
      const config = (await res.json()) as AppConfig;
      if (typeof config.cacheURL === 'string') {
        localStorage.setItem(KEY, JSON.stringify(config));
        return config;
      }
    }
  } catch {
    // Offline: the remembered config below.
  }
  const stored = localStorage.getItem(KEY);
  if (stored !== null) {
    try {
      return JSON.parse(stored) as AppConfig;
    } catch {
      localStorage.removeItem(KEY);
    }
  }
  return FALLBACK;
}
