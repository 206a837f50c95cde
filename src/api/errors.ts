// The API's errors are the one registry in src/errors.ts (codes, statuses, messages, ApiError),
// which the layers below the API use too.
export { ApiError, ERRORS, type ErrorBody, type ErrorCode } from '../errors.js';
