// Which database errors mean "the database is not there right now" (a restart, a failover, a
// terminated connection, a full connection table) rather than "this statement is wrong". The
// first kind is retried without blaming the work: a webhook answers 503 (the provider retries),
// the ingest worker backs off and resumes, and no event counts it as a failed attempt.

const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '08000', '08001', '08003', '08004', '08006', '08007', '08P01', // connection exceptions
]);

/** Conflicts between concurrent transactions: safe to run again as they are. */
const RETRYABLE_CODES = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'terminating connection',
  'Cannot use a pool after calling end',
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code && (UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code))) return true;
  if (UNAVAILABLE_MESSAGES.some((m) => error.message.includes(m))) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

/** True when the same work may simply be tried again later: the database was away, or the
 *  transaction lost a race with another one. Never the work's own fault. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = codeOf(error);
  return isDatabaseUnavailable(error) || (code !== undefined && RETRYABLE_CODES.has(code));
}

/** A unique constraint said no (23505): a name or key already taken. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === '23505';
}

/** Runs `work`, turning a unique violation into the caller's own error (a name already taken). */
export async function uniqueOr<T>(work: Promise<T>, taken: () => Error): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
