// setupFiles for the dom-integration project (runs before the test file's
// imports). In vitest's jsdom environment the global WebSocket is undici's,
// which extends Node's EventTarget but builds its events from the global
// (jsdom) Event class, so every dispatch throws across realms. `ws` ships its
// own event classes and works in either realm. It is loaded through Node's
// resolver: Vite's `browser` condition would pick ws's browser stub.
import {createRequire} from 'node:module';

const WebSocket = createRequire(import.meta.url)('ws') as typeof globalThis.WebSocket;
globalThis.WebSocket = WebSocket;
