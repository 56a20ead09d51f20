/** Injected by scripts/start.ts through Vite's `define`. */
declare const __ZAM_CONFIG__: {cacheURL: string};

export const appConfig: {cacheURL: string} =
  typeof __ZAM_CONFIG__ === 'undefined' ? {cacheURL: 'http://127.0.0.1:4848'} : __ZAM_CONFIG__;
