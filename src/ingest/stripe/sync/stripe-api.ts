// The Stripe API as the sync needs it: one page of a list at a time (so a backfill can persist
// where it stopped after every page), through the official `stripe` client, with our retry
// policy instead of the client's (which ignores Retry-After). `apiUrl` points the client at
// another host (tests and benchmarks use a local fake of the API).
import Stripe from 'stripe';
import { withRetry, type RetryOptions } from './retry.js';
import { isStripeObject, type StripeObject } from './synthetic.js';

/** The API version we ask for: the newest shape our transforms are tested against. */
export const STRIPE_API_VERSION = '2025-09-30.clover';

export const LIST_TYPES = [
  'events', 'products', 'prices', 'coupons', 'customers', 'subscriptions', 'invoices',
  'invoice_payments', 'charges', 'refunds', 'disputes', 'credit_notes',
] as const;
export type ListType = (typeof LIST_TYPES)[number];

export type ListParams = {
  limit?: number;
  starting_after?: string;
  created?: { gte?: number; lte?: number };
  status?: string;
  expand?: string[];
  include?: string[];
};

export type Page = { data: StripeObject[]; hasMore: boolean; totalCount: number | null };

export type StripeApi = {
  list(type: ListType, params: ListParams): Promise<Page>;
  invoiceLines(invoiceId: string, params: ListParams): Promise<Page>;
};

type ListResult = { data?: unknown[]; has_more?: boolean; total_count?: number };

const PATHS: Record<ListType, string> = {
  events: '/v1/events',
  products: '/v1/products',
  prices: '/v1/prices',
  coupons: '/v1/coupons',
  customers: '/v1/customers',
  subscriptions: '/v1/subscriptions',
  invoices: '/v1/invoices',
  invoice_payments: '/v1/invoice_payments',
  charges: '/v1/charges',
  refunds: '/v1/refunds',
  disputes: '/v1/disputes',
  credit_notes: '/v1/credit_notes',
};

/** Stripe's query format (what the client itself sends): `created[gte]=1&expand[0]=data.x`. */
export function queryString(params: ListParams): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else pairs.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export function parseApiUrl(apiUrl: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function createStripeApi(apiKey: string, options: { apiUrl?: string; retry?: RetryOptions; timeoutMs?: number } = {}): StripeApi {
  const client = new Stripe(apiKey, {
    ...parseApiUrl(options.apiUrl),
    // The client's types name only its newest version; we pin the one our transforms know.
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 60_000,
    telemetry: false,
    appInfo: { name: 'Revpulse' },
  });
  // rawRequest, not the typed list methods: those rewrite decimal strings into Decimal objects
  // and int64 strings into BigInts, and we store objects exactly as Stripe sent them.
  const get = async (path: string, params: ListParams): Promise<Page> => {
    const result = (await withRetry(() => client.rawRequest('GET', `${path}${queryString(params)}`, null as never), options.retry)) as ListResult;
    return {
      data: (result.data ?? []).filter(isStripeObject),
      hasMore: result.has_more === true,
      totalCount: typeof result.total_count === 'number' ? result.total_count : null,
    };
  };
  return {
    list: (type, params) => get(PATHS[type], params),
    invoiceLines: (invoiceId, params) => get(`/v1/invoices/${encodeURIComponent(invoiceId)}/lines`, params),
  };
}
