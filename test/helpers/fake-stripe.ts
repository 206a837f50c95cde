// A local fake of Stripe's HTTP API, for tests and benchmarks: a node:http server on 127.0.0.1
// that serves the list and retrieve endpoints the sync uses, from fixture objects, with Stripe's
// conventions — Bearer API keys (one fixture set per key, so several accounts share a server),
// newest-first lists with `limit`, `starting_after`, `has_more`, `created[gte|gt|lte|lt]`,
// `include[]=total_count`, subscriptions hiding canceled ones unless `status=all`, the Events API
// keeping only the last 30 days, and Stripe's error bodies. Failures (429 with Retry-After, 500…)
// can be injected for the next N matching requests, or for every request of one account.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StripeJson = Record<string, unknown> & { id: string; object: string; created?: number };

export const FAKE_LIST_TYPES = [
  'events', 'products', 'prices', 'coupons', 'customers', 'subscriptions', 'invoices',
  'invoice_payments', 'charges', 'refunds', 'disputes', 'credit_notes',
] as const;
export type FakeListType = (typeof FAKE_LIST_TYPES)[number];

export type FakeAccountData = Partial<Record<FakeListType, StripeJson[]>>;

export type InjectedFailure = {
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Only requests with this API key / whose path matches. */
  apiKey?: string;
  path?: RegExp;
  /** Only requests this returns true for (e.g. a later page: `url.searchParams.has('starting_after')`). */
  match?: (url: URL) => boolean;
};

export type FakeRequest = { method: string; path: string; apiKey: string | null; status: number; at: number };

export type FakeStripe = {
  readonly url: string;
  readonly requests: FakeRequest[];
  addAccount(apiKey: string, data: FakeAccountData): void;
  /** Replaces the objects of one list type of an account (e.g. new events for a heartbeat). */
  setObjects(apiKey: string, type: FakeListType, objects: StripeJson[]): void;
  /** The fake's clock (unix seconds) for the Events API's 30-day window. Default: real time. */
  setNow(seconds: number | null): void;
  fail(failure: InjectedFailure): void;
  /** Every request with this key fails with `status` (null: stop). */
  breakAccount(apiKey: string, status: number | null): void;
  close(): Promise<void>;
};

const EVENTS_RETENTION = 30 * 86_400;

type SortedList = { objects: StripeJson[]; index: Map<string, number> };

function sortNewestFirst(objects: readonly StripeJson[]): SortedList {
  const sorted = [...objects].sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { objects: sorted, index: new Map(sorted.map((o, i) => [o.id, i])) };
}

/** Stripe-node's indexed query format: `created[gte]=1`, `expand[0]=data.discounts`. */
function parseQuery(search: URLSearchParams): Record<string, string | string[] | Record<string, string>> {
  const out: Record<string, string | string[] | Record<string, string>> = {};
  for (const [rawKey, value] of search) {
    const match = /^([^[]+)\[([^\]]*)\]$/.exec(rawKey);
    if (!match) {
      out[rawKey] = value;
      continue;
    }
    const [, key, sub] = match as unknown as [string, string, string];
    if (sub === '' || /^\d+$/.test(sub)) {
      const list = Array.isArray(out[key]) ? (out[key] as string[]) : [];
      list.push(value);
      out[key] = list;
    } else {
      const record = (typeof out[key] === 'object' && !Array.isArray(out[key]) ? out[key] : {}) as Record<string, string>;
      record[sub] = value;
      out[key] = record;
    }
  }
  return out;
}

/** First index in a newest-first list whose `created` is <= t (binary search). */
function firstAtOrBefore(list: StripeJson[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]!.created ?? 0) > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${Date.now()}`, ...headers });
  res.end(text);
}

function stripeError(status: number): { error: Record<string, string> } {
  if (status === 429) return { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' } };
  if (status === 401) return { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****fake' } };
  if (status === 404) return { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such object' } };
  return { error: { type: 'api_error', message: 'An unknown error occurred (injected by the fake Stripe API).' } };
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const accounts = new Map<string, Map<FakeListType, SortedList>>();
  const broken = new Map<string, number>();
  const failures: Array<InjectedFailure & { left: number }> = [];
  const requests: FakeRequest[] = [];
  let now: number | null = null;

  const respond = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization ?? '';
    const apiKey = auth.startsWith('Bearer ') ? auth.slice(7) : null;
    const log = (status: number) => requests.push({ method: req.method ?? 'GET', path: url.pathname, apiKey, status, at: Date.now() });

    const failure = failures.find((f) => f.left > 0 && (!f.apiKey || f.apiKey === apiKey) && (!f.path || f.path.test(url.pathname)) && (!f.match || f.match(url)));
    if (failure) {
      failure.left -= 1;
      log(failure.status);
      return send(res, failure.status, stripeError(failure.status), failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    }
    const account = apiKey ? accounts.get(apiKey) : undefined;
    if (!account) {
      log(401);
      return send(res, 401, stripeError(401));
    }
    const brokenStatus = broken.get(apiKey!);
    if (brokenStatus) {
      log(brokenStatus);
      return send(res, brokenStatus, stripeError(brokenStatus));
    }
    if (req.method !== 'GET') {
      log(405);
      return send(res, 405, { error: { type: 'invalid_request_error', message: 'The fake serves GET only.' } });
    }

    const parts = url.pathname.split('/').filter(Boolean); // v1, type, id?, sub?
    const type = parts[1] as FakeListType;
    const list = parts[0] === 'v1' ? account.get(type) : undefined;
    if (!list || !(FAKE_LIST_TYPES as readonly string[]).includes(type)) {
      log(404);
      return send(res, 404, stripeError(404));
    }
    if (parts.length === 3) {
      const found = list.index.get(parts[2]!);
      log(found === undefined ? 404 : 200);
      return found === undefined ? send(res, 404, stripeError(404)) : send(res, 200, list.objects[found]);
    }
    const query = parseQuery(url.searchParams);
    let source: StripeJson[] = list.objects;
    if (parts.length === 4 && type === 'invoices' && parts[3] === 'lines') {
      const found = list.index.get(parts[2]!);
      if (found === undefined) {
        log(404);
        return send(res, 404, stripeError(404));
      }
      source = ((list.objects[found]!.lines as { data: StripeJson[] }).data ?? []).slice();
    } else if (parts.length !== 2) {
      log(404);
      return send(res, 404, stripeError(404));
    }

    // The window: created filters (and, for events, Stripe's 30-day retention).
    const created = (typeof query.created === 'object' && !Array.isArray(query.created) ? query.created : {}) as Record<string, string>;
    let upper = created.lte !== undefined ? Number(created.lte) : created.lt !== undefined ? Number(created.lt) - 1 : Number.POSITIVE_INFINITY;
    let lower = created.gte !== undefined ? Number(created.gte) : created.gt !== undefined ? Number(created.gt) + 1 : Number.NEGATIVE_INFINITY;
    if (type === 'events' && parts.length === 2) {
      const clock = now ?? Math.floor(Date.now() / 1000);
      lower = Math.max(lower, clock - EVENTS_RETENTION);
      upper = Math.min(upper, clock);
    }
    let start = parts.length === 2 && Number.isFinite(upper) ? firstAtOrBefore(source, upper) : 0;
    const end = parts.length === 2 && Number.isFinite(lower) ? firstAtOrBefore(source, lower - 1) : source.length;
    if (typeof query.starting_after === 'string') {
      const at = parts.length === 2 ? list.index.get(query.starting_after) : source.findIndex((o) => o.id === query.starting_after);
      if (at === undefined || at < 0) {
        log(400);
        return send(res, 400, { error: { type: 'invalid_request_error', message: `No such object: '${query.starting_after}'`, param: 'starting_after' } });
      }
      start = Math.max(start, at + 1);
    }
    const limit = Math.min(100, Math.max(1, Number(query.limit ?? 10)));
    const filters: Array<(o: StripeJson) => boolean> = [];
    if (type === 'subscriptions' && parts.length === 2 && query.status !== 'all') {
      filters.push(query.status ? (o) => o.status === query.status : (o) => o.status !== 'canceled' && o.status !== 'incomplete_expired');
    }
    if (typeof query.customer === 'string') filters.push((o) => o.customer === query.customer);
    const data: StripeJson[] = [];
    let i = start;
    for (; i < end && data.length < limit; i++) if (filters.every((f) => f(source[i]!))) data.push(source[i]!);
    let hasMore = false;
    for (let j = i; j < end; j++) {
      if (filters.every((f) => f(source[j]!))) {
        hasMore = true;
        break;
      }
    }
    const include = Array.isArray(query.include) ? query.include : [];
    const body: Record<string, unknown> = { object: 'list', data, has_more: hasMore, url: url.pathname };
    if (include.includes('total_count')) {
      let total = 0;
      const from = parts.length === 2 && Number.isFinite(upper) ? firstAtOrBefore(source, upper) : 0;
      for (let j = from; j < end; j++) if (filters.every((f) => f(source[j]!))) total++;
      body.total_count = total;
    }
    log(200);
    send(res, 200, body);
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => respond(req, res));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addAccount(apiKey, data) {
      accounts.set(apiKey, new Map(FAKE_LIST_TYPES.map((t) => [t, sortNewestFirst(data[t] ?? [])])));
    },
    setObjects(apiKey, type, objects) {
      const account = accounts.get(apiKey);
      if (!account) throw new Error(`no fake account for key ${apiKey.slice(0, 8)}…`);
      account.set(type, sortNewestFirst(objects));
    },
    setNow(seconds) {
      now = seconds;
    },
    fail(failure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    breakAccount(apiKey, status) {
      if (status === null) broken.delete(apiKey);
      else broken.set(apiKey, status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
