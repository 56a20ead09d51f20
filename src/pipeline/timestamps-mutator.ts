import type {ModelMutator} from './mutator-context.ts';

/** Rails' automatic timestamps: created_at on create, updated_at on every change. */
export const timestampsMutator: ModelMutator = (ctx) => {
  const columns = ctx.model.columns;
  if (ctx.operation === 'destroy') return;
  if (ctx.operation === 'create' && 'created_at' in columns && ctx.attributes.created_at === undefined) {
    ctx.attributes.created_at = ctx.now;
  }
  if ('updated_at' in columns && (ctx.operation === 'create' || Object.keys(ctx.attributes).length > 0)) {
    ctx.attributes.updated_at = ctx.now;
  }
};
