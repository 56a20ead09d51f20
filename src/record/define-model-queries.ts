// Moved to src/zero/model-queries.ts (src/zero is the only folder that imports
// @rocicorp/zero). Kept as a re-export until src/app/model-queries.ts imports
// the new path; then delete this file.
export {MODEL_QUERY_NAMESPACE, defineModelQueries, modelQueryRequest, type AuthorizeQuery, type ModelQueries, type ModelQuery} from '../zero/model-queries.ts';
