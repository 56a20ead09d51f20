// The generated model queries, under the name the demo used before the
// generator emitted them. New code imports generated/queries.ts.
export {modelQueries} from '../../generated/queries.ts';
