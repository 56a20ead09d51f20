// Public entry point (Svelte 5 runes flavour). Re-exports by name only;
// internal code never imports this file. Everything of the plain entry
// (`zero-active-models`) stays available there; this adds the reactive models.
export {createReactiveModel} from './reactive/create-reactive-model.svelte.ts';
export type {ReactiveModel, ReactiveModelRelation} from './reactive/create-reactive-model.svelte.ts';
export {ReactiveRelation} from './reactive/reactive-relation.svelte.ts';
export {ReactiveRecordBase} from './reactive/reactive-record.svelte.ts';
export type {ReactiveRecord} from './reactive/reactive-record.svelte.ts';
export {LiveQuery} from './reactive/live-query.svelte.ts';
export {LiveRelation, liveRelation} from './reactive/live-relation.svelte.ts';
export {ReactivePreloadStatus, reactivePreloadStatus} from './reactive/reactive-preload-status.svelte.ts';
export {establishConnection, removeConnection, currentConnection} from './record/establish-connection.ts';
