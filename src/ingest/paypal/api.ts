// PayPal's REST API as the sync needs it: an OAuth2 client-credentials token (cached until a
// minute before it expires, fetched again once if PayPal stops accepting it), one page of the
// Transaction Search API at a time, and single subscriptions and plans. Every call has a timeout
// and our retry policy (429, 5xx and connection failures with backoff, never sooner than
// Retry-After); a failure names the endpoint and PayPal's error name and message.
import { z } from 'zod';
import { RetryAfterTooLongError, withRetry, type RetryOptions } from '../stripe/sync/retry.js';

export const PAYPAL_LIVE_URL = 'https://api-m.paypal.com';
export const PAYPAL_SANDBOX_URL = 'https://api-m.sandbox.paypal.com';

/** A token is renewed this long before PayPal says it expires. */
const TOKEN_MARGIN_MS = 60_000;
/** PayPal's largest page of transactions. */
export const MAX_TRANSACTION_PAGE_SIZE = 500;

export type PaypalObject = Record<string, unknown> & { id: string };

const money = z.object({ currency_code: z.string(), value: z.string() });

/** The part of a Transaction Search result the sync reads (everything else is kept as sent). */
export const transactionInfo = z.object({
  transaction_id: z.string(),
  paypal_reference_id: z.string().optional(),
  paypal_reference_id_type: z.string().optional(),
  transaction_event_code: z.string().optional(),
  transaction_initiation_date: z.string(),
  transaction_updated_date: z.string().optional(),
  transaction_amount: money,
  transaction_status: z.string().optional(),
});
export type TransactionInfo = z.infer<typeof transactionInfo>;

const searchResponse = z.object({
  transaction_details: z.array(z.object({ transaction_info: transactionInfo }).loose()).default([]),
  page: z.number().int().optional(),
  total_items: z.number().int().optional(),
  total_pages: z.number().int().optional(),
});

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export type TransactionPage = { transactions: TransactionInfo[]; page: number; totalPages: number; totalItems: number };

export type TransactionQuery = { startDate: Date; endDate: Date; page: number; pageSize: number };

export type PaypalApi = {
  searchTransactions(query: TransactionQuery): Promise<TransactionPage>;
  getSubscription(id: string): Promise<PaypalObject>;
  getPlan(id: string): Promise<PaypalObject>;
};

export type PaypalCredentials = { clientId: string; clientSecret: string; sandbox: boolean };

export type PaypalApiOptions = {
  /** Another address for the API (REVPULSE_PAYPAL_API_URL; tests use a local fake). */
  apiUrl?: string;
  retry?: RetryOptions;
  timeoutMs?: number;
  now?: () => number;
};

/** A call PayPal answered with an error (or that never got an answer). */
export class PaypalApiError extends Error {
  override readonly name = 'PaypalApiError';
  constructor(
    readonly endpoint: string,
    readonly statusCode: number | null,
    readonly paypalName: string | null,
    paypalMessage: string,
    readonly headers: Record<string, string> = {},
    /** Set when there was no answer (ETIMEDOUT, ECONNREFUSED…): such failures are retried. */
    readonly code?: string,
  ) {
    super(`${endpoint}: ${statusCode ?? 'no answer'}${paypalName ? ` ${paypalName}` : ''}: ${paypalMessage}`);
  }
}

/** ISO 8601 with seconds, as PayPal's date parameters require. */
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** PayPal's error bodies: `{name, message, details[]}`, or OAuth's `{error, error_description}`. */
function describeBody(body: unknown): { name: string | null; message: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.name === 'string') {
    const details = Array.isArray(b.details) ? (b.details as Array<Record<string, unknown>>) : [];
    const first = details[0];
    const detail = first ? [first.field, first.issue, first.description].filter((x) => typeof x === 'string').join(' ') : '';
    return { name: b.name, message: `${typeof b.message === 'string' ? b.message : ''}${detail ? ` (${detail})` : ''}` };
  }
  if (typeof b.error === 'string') return { name: b.error, message: typeof b.error_description === 'string' ? b.error_description : '' };
  return { name: null, message: 'unreadable error body' };
}

export function paypalBaseUrl(credentials: Pick<PaypalCredentials, 'sandbox'>, apiUrl?: string): string {
  return (apiUrl ?? (credentials.sandbox ? PAYPAL_SANDBOX_URL : PAYPAL_LIVE_URL)).replace(/\/+$/, '');
}

export function createPaypalApi(credentials: PaypalCredentials, options: PaypalApiOptions = {}): PaypalApi {
  const base = paypalBaseUrl(credentials, options.apiUrl);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const now = options.now ?? Date.now;
  let token: { value: string; until: number } | null = null;

  const send = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<unknown> => {
    const endpoint = `${method} ${path.split('?')[0]}`;
    const signal = options.retry?.signal ? AbortSignal.any([options.retry.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { method, headers: { accept: 'application/json', ...headers }, body, signal });
    } catch (error) {
      if (options.retry?.signal?.aborted) throw error;
      // No answer (refused, reset, timed out): retryable, as for Stripe.
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code = timedOut ? 'ETIMEDOUT' : typeof cause?.code === 'string' ? cause.code : 'ECONNRESET';
      throw new PaypalApiError(endpoint, null, null, timedOut ? `timed out after ${timeoutMs} ms` : `${(error as Error).message} (${code})`, {}, code);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const { name, message } = describeBody(parsed);
      throw new PaypalApiError(endpoint, response.status, name, message, Object.fromEntries(response.headers));
    }
    if (parsed === null) throw new PaypalApiError(endpoint, response.status, null, 'the answer was not JSON');
    return parsed;
  };

  const retried = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(call, options.retry);
    } catch (error) {
      if (error instanceof RetryAfterTooLongError) throw new Error(error.message.replace(/^Stripe/, 'PayPal'));
      throw error;
    }
  };

  const accessToken = async (): Promise<string> => {
    if (token && token.until > now()) return token.value;
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    const body = await retried(() => send('POST', '/v1/oauth2/token', { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials'));
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) throw new PaypalApiError('POST /v1/oauth2/token', 200, null, 'the answer had no access_token and expires_in');
    token = { value: parsed.data.access_token, until: now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  };

  const get = async (path: string): Promise<unknown> => {
    const call = async () => send('GET', path, { authorization: `Bearer ${await accessToken()}` });
    try {
      return await retried(call);
    } catch (error) {
      // A token PayPal no longer accepts (revoked, or its clock ahead of ours): one fresh token.
      if (!(error instanceof PaypalApiError) || error.statusCode !== 401 || token === null) throw error;
      token = null;
      return retried(call);
    }
  };

  const object = async (path: string): Promise<PaypalObject> => {
    const body = await get(path);
    if (typeof body !== 'object' || body === null || typeof (body as { id?: unknown }).id !== 'string') {
      throw new PaypalApiError(`GET ${path}`, 200, null, 'the answer has no id');
    }
    return body as PaypalObject;
  };

  return {
    async searchTransactions(query) {
      const params = new URLSearchParams({
        start_date: isoSeconds(query.startDate),
        end_date: isoSeconds(query.endDate),
        fields: 'all',
        page_size: String(Math.min(MAX_TRANSACTION_PAGE_SIZE, query.pageSize)),
        page: String(query.page),
      });
      const body = await get(`/v1/reporting/transactions?${params.toString()}`);
      const parsed = searchResponse.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PaypalApiError('GET /v1/reporting/transactions', 200, null, `unexpected answer at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
      }
      return {
        transactions: parsed.data.transaction_details.map((d) => d.transaction_info),
        page: parsed.data.page ?? query.page,
        totalPages: parsed.data.total_pages ?? 0,
        totalItems: parsed.data.total_items ?? 0,
      };
    },
    getSubscription: (id) => object(`/v1/billing/subscriptions/${encodeURIComponent(id)}`),
    getPlan: (id) => object(`/v1/billing/plans/${encodeURIComponent(id)}`),
  };
}
