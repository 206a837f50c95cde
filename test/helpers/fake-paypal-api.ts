// A local fake of PayPal's REST API, for tests: a node:http server on 127.0.0.1 serving what the
// sync uses, with PayPal's conventions — POST /v1/oauth2/token (Basic client id:secret →
// a Bearer token that expires), GET /v1/reporting/transactions (start_date and end_date required,
// at most 31 days apart and within the last three years, page_size up to 500, 1-based pages with
// total_pages, transactions searchable only after a lag), GET /v1/billing/subscriptions/:id and
// /v1/billing/plans/:id, and PayPal's error bodies ({name, message, debug_id, details}, OAuth's
// {error, error_description}). Failures (429 with Retry-After, 500…) can be injected for the next
// N matching requests, answers slowed down, tokens expired; every request is logged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTransaction = {
  transaction_id: string;
  paypal_reference_id?: string;
  paypal_reference_id_type?: 'ODR' | 'TXN' | 'SUB' | 'PAP';
  transaction_event_code: string;
  /** Unix seconds; rendered as PayPal does ("2026-03-01T10:00:00+0000"). */
  at: number;
  value: string;
  currency: string;
  status?: 'S' | 'P' | 'D' | 'V';
};

export type FakePaypalAccount = {
  clientId: string;
  clientSecret: string;
  transactions?: FakeTransaction[];
  subscriptions?: Array<Record<string, unknown> & { id: string }>;
  plans?: Array<Record<string, unknown> & { id: string }>;
};

export type PaypalFailure = {
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  path?: RegExp;
  match?: (url: URL) => boolean;
};

export type FakePaypalRequest = { method: string; path: string; query: Record<string, string>; clientId: string | null; status: number; at: number };

export type FakePaypal = {
  readonly url: string;
  readonly requests: FakePaypalRequest[];
  addAccount(account: FakePaypalAccount): void;
  /** Adds or replaces objects of an account (a heartbeat's new sale or subscription). */
  put(clientId: string, data: Omit<Partial<FakePaypalAccount>, 'clientId' | 'clientSecret'>): void;
  /** The fake's clock (unix seconds): the three-year limit and the lag count from it. Default: real time. */
  setNow(seconds: number | null): void;
  /** Transactions become searchable this long after they happen (PayPal: up to 3 hours). */
  setLag(seconds: number): void;
  /** Seconds a token lives (PayPal: 32400). */
  setTokenLifetime(seconds: number): void;
  /** Makes every token issued so far invalid (as if PayPal had revoked them). */
  revokeTokens(): void;
  fail(failure: PaypalFailure): void;
  /** Answers to matching requests wait this long (null: stop). */
  slow(ms: number | null, path?: RegExp): void;
  close(): Promise<void>;
};

const DAY = 86_400;
const MAX_RANGE = 31 * DAY;
const HISTORY = 3 * 365 * DAY;

/** PayPal's time format in transaction search results. */
export const paypalSearchTime = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}+0000`;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': `fake${Date.now().toString(16)}`, ...headers });
  res.end(JSON.stringify(body));
}

function paypalError(status: number, detail?: { field?: string; issue: string; description?: string }): Record<string, unknown> {
  const named: Record<number, [string, string]> = {
    400: ['INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.'],
    401: ['AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.'],
    403: ['NOT_AUTHORIZED', 'Authorization failed due to insufficient permissions.'],
    404: ['RESOURCE_NOT_FOUND', 'The specified resource does not exist.'],
    429: ['RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.'],
    503: ['SERVICE_UNAVAILABLE', 'Service Unavailable.'],
  };
  const [name, message] = named[status] ?? ['INTERNAL_SERVICE_ERROR', 'An internal service error has occurred.'];
  return {
    name,
    message,
    debug_id: `fake${status}`,
    ...(detail ? { details: [{ location: 'query', ...detail }] } : {}),
    links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
  };
}

type Account = { secret: string; transactions: FakeTransaction[]; subscriptions: Map<string, unknown>; plans: Map<string, unknown> };

export async function startFakePaypal(): Promise<FakePaypal> {
  const accounts = new Map<string, Account>();
  const tokens = new Map<string, { clientId: string; until: number }>();
  const failures: Array<PaypalFailure & { left: number }> = [];
  const slowness: Array<{ ms: number; path?: RegExp }> = [];
  const requests: FakePaypalRequest[] = [];
  let now: number | null = null;
  let lag = 0;
  let lifetime = 32_400;
  let issued = 0;
  const clock = () => now ?? Math.floor(Date.now() / 1000);

  const respond = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization ?? '';
    let clientId: string | null = null;
    if (auth.startsWith('Basic ')) clientId = Buffer.from(auth.slice(6), 'base64').toString().split(':')[0] ?? null;
    else if (auth.startsWith('Bearer ')) clientId = tokens.get(auth.slice(7))?.clientId ?? null;
    const log = (status: number) => requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), clientId, status, at: Date.now() });
    const failure = failures.find((f) => f.left > 0 && (!f.path || f.path.test(url.pathname)) && (!f.match || f.match(url)));
    if (failure) {
      failure.left -= 1;
      log(failure.status);
      return send(res, failure.status, paypalError(failure.status), failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    }

    if (url.pathname === '/v1/oauth2/token') {
      const [id, secret] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':') : [];
      const account = id ? accounts.get(id) : undefined;
      if (req.method !== 'POST' || !account || account.secret !== secret || !/grant_type=client_credentials/.test(body)) {
        log(401);
        return send(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      }
      const token = `A21AA_fake_${++issued}_${id!.slice(0, 6)}`;
      tokens.set(token, { clientId: id!, until: clock() + lifetime });
      log(200);
      return send(res, 200, { scope: 'https://uri.paypal.com/services/reporting/search/read https://uri.paypal.com/services/subscriptions', access_token: token, token_type: 'Bearer', app_id: `APP-${id!.slice(0, 8)}`, expires_in: lifetime, nonce: `nonce${issued}` });
    }

    const token = auth.startsWith('Bearer ') ? tokens.get(auth.slice(7)) : undefined;
    const account = token && token.until > clock() ? accounts.get(token.clientId) : undefined;
    if (!account) {
      log(401);
      return send(res, 401, paypalError(401));
    }
    if (req.method !== 'GET') {
      log(405);
      return send(res, 405, { name: 'METHOD_NOT_SUPPORTED', message: 'The fake serves GET only.' });
    }
    const object = /^\/v1\/billing\/(subscriptions|plans)\/([^/]+)$/.exec(url.pathname);
    if (object) {
      const found = (object[1] === 'plans' ? account.plans : account.subscriptions).get(decodeURIComponent(object[2]!));
      log(found ? 200 : 404);
      return found ? send(res, 200, found) : send(res, 404, paypalError(404, { issue: 'INVALID_RESOURCE_ID', description: 'Requested resource ID was not found.' }));
    }
    if (url.pathname !== '/v1/reporting/transactions') {
      log(404);
      return send(res, 404, paypalError(404));
    }
    const q = url.searchParams;
    const bad = (field: string, issue: string) => {
      log(400);
      send(res, 400, paypalError(400, { field, issue }));
    };
    const start = Date.parse(q.get('start_date') ?? '');
    const end = Date.parse(q.get('end_date') ?? '');
    if (!/T\d{2}:\d{2}:\d{2}/.test(q.get('start_date') ?? '') || Number.isNaN(start)) return bad('start_date', 'MISSING_OR_INVALID_START_DATE');
    if (!/T\d{2}:\d{2}:\d{2}/.test(q.get('end_date') ?? '') || Number.isNaN(end)) return bad('end_date', 'MISSING_OR_INVALID_END_DATE');
    if (end < start) return bad('end_date', 'End date must be after start date.');
    if (end - start > MAX_RANGE * 1000) return bad('end_date', 'Date range is greater than 31 days');
    if (start / 1000 < clock() - HISTORY) return bad('start_date', 'Data for the given start date is not available.');
    const pageSize = Number(q.get('page_size') ?? '100');
    const page = Number(q.get('page') ?? '1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return bad('page_size', 'Page size must be between 1 and 500.');
    if (!Number.isInteger(page) || page < 1) return bad('page', 'Page must be at least 1.');
    const visibleUntil = clock() - lag;
    const matching = account.transactions
      .filter((t) => t.at * 1000 >= start && t.at * 1000 <= end && t.at <= visibleUntil)
      .sort((a, b) => a.at - b.at || (a.transaction_id < b.transaction_id ? -1 : 1));
    const totalPages = Math.ceil(matching.length / pageSize);
    const details = matching.slice((page - 1) * pageSize, page * pageSize).map((t) => ({
      transaction_info: {
        paypal_account_id: 'FAKEPAYERACCT',
        transaction_id: t.transaction_id,
        ...(t.paypal_reference_id ? { paypal_reference_id: t.paypal_reference_id, paypal_reference_id_type: t.paypal_reference_id_type ?? 'SUB' } : {}),
        transaction_event_code: t.transaction_event_code,
        transaction_initiation_date: paypalSearchTime(t.at),
        transaction_updated_date: paypalSearchTime(t.at),
        transaction_amount: { currency_code: t.currency, value: t.value },
        fee_amount: { currency_code: t.currency, value: t.value.startsWith('-') ? '0.00' : `-${t.currency === 'JPY' ? '40' : '0.59'}` },
        transaction_status: t.status ?? 'S',
        protection_eligibility: '01',
      },
      payer_info: { account_id: 'FAKEPAYERACCT', email_address: 'buyer@example.com', payer_status: 'Y', country_code: 'US' },
      cart_info: {},
      store_info: {},
      auction_info: {},
      incentive_info: {},
    }));
    log(200);
    send(res, 200, {
      transaction_details: details,
      account_number: 'FAKEMERCHANT',
      start_date: paypalSearchTime(start / 1000),
      end_date: paypalSearchTime(end / 1000),
      last_refreshed_datetime: paypalSearchTime(visibleUntil),
      page,
      total_items: matching.length,
      total_pages: totalPages,
      links: [{ href: `${url.pathname}${url.search}`, rel: 'self', method: 'GET' }],
    });
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const delay = slowness.find((s) => !s.path || s.path.test(path))?.ms ?? 0;
      if (delay > 0) setTimeout(() => respond(req, res, body), delay);
      else respond(req, res, body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const put: FakePaypal['put'] = (clientId, data) => {
    const account = accounts.get(clientId);
    if (!account) throw new Error(`no fake PayPal account ${clientId}`);
    for (const t of data.transactions ?? []) {
      account.transactions = account.transactions.filter((x) => x.transaction_id !== t.transaction_id);
      account.transactions.push(t);
    }
    for (const s of data.subscriptions ?? []) account.subscriptions.set(s.id, s);
    for (const p of data.plans ?? []) account.plans.set(p.id, p);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addAccount(account) {
      accounts.set(account.clientId, { secret: account.clientSecret, transactions: [], subscriptions: new Map(), plans: new Map() });
      put(account.clientId, account);
    },
    put,
    setNow(seconds) {
      now = seconds;
    },
    setLag(seconds) {
      lag = seconds;
    },
    setTokenLifetime(seconds) {
      lifetime = seconds;
    },
    revokeTokens() {
      tokens.clear();
    },
    fail(failure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    slow(ms, path) {
      slowness.length = 0;
      if (ms !== null) slowness.push({ ms, path });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
