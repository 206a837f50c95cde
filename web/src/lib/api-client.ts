// The one way the dashboard talks to the Revpulse API: GET a JSON resource, turn every failure
// into an ApiError carrying a message fit to show, and validate the body against a schema so
// the rest of the page only ever sees typed data.
import * as z from 'zod/mini';

/** `code` is the server's error code, or ours: network_error, http_error, invalid_response. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Client errors (bad workspace, not found) will not fix themselves by retrying. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.code === 'invalid_response';
  }
}

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type FetchLike = (
  input: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string>; method?: string; body?: string | Blob },
) => Promise<Response>;

export type GetOptions = {
  params?: Record<string, string | undefined>;
  signal?: AbortSignal;
  fetch?: FetchLike;
};

export function apiUrl(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token (from sign-in or GET /v1/auth/session), sent with every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type SendOptions = GetOptions & { body?: unknown };

/** POST/PUT/PATCH/DELETE a JSON body, with the CSRF token; the answer is validated like apiGet's. */
export function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, schema: z.ZodMiniType<T>, options: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return request(path, schema, options, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
}

export type UploadOptions = GetOptions & { body: Blob | string; contentType: string; answers?: readonly number[] };

/** POST a file as it is (not JSON), with the CSRF token. `answers`: error statuses whose body is
 *  an answer of `schema` all the same (an import refused for its bad lines: 422 with its errors). */
export function apiUpload<T>(path: string, schema: z.ZodMiniType<T>, options: UploadOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': options.contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return request(path, schema, options, { method: 'POST', headers, body: options.body }, options.answers);
}

export function apiGet<T>(path: string, schema: z.ZodMiniType<T>, options: GetOptions = {}): Promise<T> {
  return request(path, schema, options, { headers: { accept: 'application/json' } });
}

async function request<T>(
  path: string,
  schema: z.ZodMiniType<T>,
  options: GetOptions,
  init: { method?: string; headers: Record<string, string>; body?: string | Blob },
  answers: readonly number[] = [],
): Promise<T> {
  const doFetch = options.fetch ?? ((input, fetchInit) => fetch(input, fetchInit));
  let response: Response;
  try {
    response = await doFetch(apiUrl(path, options.params), { signal: options.signal, ...init });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'Could not reach the Revpulse server. Check that it is running.');
  }

  const body = await readJson(response);
  if (!response.ok && !answers.includes(response.status)) {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}`.trim() + '.');
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'invalid_response', `The server sent an unexpected response for ${path}.`);
  }
  return parsed.data;
}

/** A message fit to show for anything a query can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
