// The page side of `npm run bench -- durability`: the same outbox benchmark as
// `outbox`, bundled for Chromium, where IndexedDB is real and `durability`
// decides whether a commit waits for the disk.
import {benchOutboxAppend} from './outbox-bench.ts';

(globalThis as {zamOutboxBench?: typeof benchOutboxAppend}).zamOutboxBench = benchOutboxAppend;
