import {describeOutboxStore} from '../testing/describe-outbox-store.ts';
import {MemoryOutboxStore} from './memory-outbox-store.ts';

describeOutboxStore('memory', {create: async (now) => new MemoryOutboxStore({now})});
