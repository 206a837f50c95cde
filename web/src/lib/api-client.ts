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

export type FetchLike = (input: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;

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

export async function apiGet<T>(path: string, schema: z.ZodMiniType<T>, options: GetOptions = {}): Promise<T> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let response: Response;
  try {
    response = await doFetch(apiUrl(path, options.params), {
      signal: options.signal,
      headers: { accept: 'application/json' },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'Could not reach the Revpulse server. Check that it is running.');
  }

  const body = await readJson(response);
  if (!response.ok) {
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
