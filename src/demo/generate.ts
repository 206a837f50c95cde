// The demo data set generator: a growing subscription business as the Stripe events its
// account would have sent. Responsible for the options and their defaults, spreading signups
// over the range, and streaming the events one customer at a time so that a 100,000-customer
// benchmark never holds more than one customer's events in memory. Deterministic: the same
// options give the same events, byte for byte.
import type { UnixSeconds } from '../core/types.js';
import { addMonths, allocateSignups, HOUR, MINUTE } from './calendar.js';
import { buildCatalog, DEMO_CURRENCIES } from './catalog.js';
import type { DemoCatalog } from './catalog.js';
import { createEventLog } from './event-log.js';
import type { EventLog } from './event-log.js';
import { createIdFactory } from './ids.js';
import type { IdFactory } from './ids.js';
import { simulateCustomer } from './lifecycle.js';
import { makeProfile } from './people.js';
import type { DemoCurrency } from './people.js';
import { createRng, mixSeed } from './random.js';
import type { Rng } from './random.js';
import type { Sim } from './state.js';
import type { StripeEvent } from './stripe-types.js';

export type DemoOptions = {
  /** PRNG seed (default 42). */
  seed?: number;
  /** Number of customers who sign up over the range (default 2,000). */
  customers?: number;
  /** Length of the range in calendar months (default 24). */
  months?: number;
  /** End of the range; nothing later is emitted (default: now, floored to the minute). */
  endAt?: UnixSeconds;
  /** Currencies customers may pay in (default usd, eur, gbp; weighted 60/30/10). */
  currencies?: readonly DemoCurrency[];
  /** Start the stream with the catalogue's product/price/coupon events (default true). */
  includeCatalog?: boolean;
};

type Resolved = Required<DemoOptions> & { startAt: UnixSeconds; seedTag: number };

const CURRENCY_WEIGHTS: Record<DemoCurrency, number> = { usd: 60, eur: 30, gbp: 10 };
/** Signups in the first months of the range often use the launch coupon. */
const LAUNCH_MONTHS = 6;

/** The tag that keeps the ids of data sets with different seeds apart (see ids.ts). */
export function demoSeedTag(seed: number): number {
  return mixSeed(seed, 0x5eed);
}

function resolve(options: DemoOptions): Resolved {
  const seed = options.seed ?? 42;
  const customers = options.customers ?? 2_000;
  const months = options.months ?? 24;
  const endAt = options.endAt ?? Math.floor(Date.now() / 60_000) * MINUTE;
  const currencies = options.currencies ?? DEMO_CURRENCIES;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(customers) || customers < 0) throw new RangeError(`customers must be a non-negative integer, got ${customers}`);
  if (!Number.isInteger(months) || months < 1 || months > 240) throw new RangeError(`months must be an integer from 1 to 240, got ${months}`);
  if (!Number.isInteger(endAt) || endAt < 0) throw new RangeError(`endAt must be unix seconds, got ${endAt}`);
  if (currencies.length === 0) throw new RangeError('currencies must not be empty');
  for (const c of currencies) {
    if (!DEMO_CURRENCIES.includes(c)) throw new RangeError(`unsupported demo currency "${c}" (use ${DEMO_CURRENCIES.join(', ')})`);
  }
  return {
    seed, customers, months, endAt, currencies, includeCatalog: options.includeCatalog ?? true,
    startAt: addMonths(endAt, -months), seedTag: demoSeedTag(seed),
  };
}

function catalogEvents(catalog: DemoCatalog, seedTag: number): StripeEvent[] {
  const log = createEventLog(createIdFactory(seedTag, 0), Number.MAX_SAFE_INTEGER);
  const at = catalog.createdAt;
  for (const product of catalog.products) log.emit('product.created', product, at, { byRequest: true });
  for (const { price } of catalog.prices) log.emit('price.created', price, at, { byRequest: true });
  for (const coupon of catalog.coupons) log.emit('coupon.created', coupon, at, { byRequest: true });
  return log.drain();
}

/** The catalogue's `product.created`, `price.created` and `coupon.created` events. */
export function demoCatalogEvents(options: DemoOptions = {}): StripeEvent[] {
  const o = resolve(options);
  return catalogEvents(buildCatalog(o.seedTag, o.startAt), o.seedTag);
}

function invoicePrefix(index: number, seedTag: number): string {
  // Multiplying by an odd constant is a bijection mod 2^32, so prefixes never repeat.
  return ((Math.imul(index + 1, 0x9e3779b1) ^ seedTag) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

type Layout = {
  catalog: DemoCatalog;
  counts: number[];
  launchEndsAt: UnixSeconds;
  nameOffset: number;
  currencyWeights: (readonly [DemoCurrency, number])[];
};

function layout(o: Resolved): Layout {
  return {
    catalog: buildCatalog(o.seedTag, o.startAt),
    counts: allocateSignups(o.customers, o.months, o.startAt, createRng(mixSeed(o.seed, 0xa11c))),
    launchEndsAt: addMonths(o.startAt, LAUNCH_MONTHS),
    nameOffset: mixSeed(o.seed, 0x4e4d) % 10_000,
    currencyWeights: o.currencies.map((c) => [c, CURRENCY_WEIGHTS[c]] as const),
  };
}

/** One customer's whole life, signing up at `signupAt`, as the events `log` keeps. */
function simulateOne(
  o: Resolved, l: Layout, c: { rng: Rng; scope: number; ordinal: number; signupAt: UnixSeconds },
  until: UnixSeconds, makeLog: (ids: IdFactory) => EventLog,
): StripeEvent[] {
  const { rng } = c;
  const ids = createIdFactory(o.seedTag, c.scope);
  const currency = rng.weighted(l.currencyWeights);
  const sim: Sim = {
    rng, ids, catalog: l.catalog, endAt: until, log: makeLog(ids), sub: null, pending: [],
    customer: {
      id: ids.next('cus'), created: c.signupAt, profile: makeProfile(rng, c.ordinal, currency, l.nameOffset),
      currency, currencySet: false, invoicePrefix: invoicePrefix(c.ordinal, o.seedTag),
      nextInvoiceSequence: 1, card: null, metadata: {},
    },
  };
  simulateCustomer(sim, c.signupAt, l.launchEndsAt);
  return sim.log.drain();
}

/** The customers who sign up within the range, in signup order (stratified within each month). */
function* rangeCustomers(o: Resolved, l: Layout): Generator<{ rng: Rng; scope: number; ordinal: number; signupAt: UnixSeconds }> {
  let index = 0;
  for (const [month, count] of l.counts.entries()) {
    // The first hour of the range belongs to the catalogue.
    const windowStart = addMonths(o.startAt, month) + (month === 0 ? HOUR : 0);
    const windowEnd = month === o.months - 1 ? o.endAt : addMonths(o.startAt, month + 1);
    for (let j = 0; j < count; j++) {
      const rng = createRng(mixSeed(o.seed, index + 1));
      // Stratified: the j-th of `count` signups falls in the j-th slice of the month.
      const signupAt = windowStart + Math.floor(((j + rng.next()) / count) * (windowEnd - windowStart));
      yield { rng, scope: index + 1, ordinal: index, signupAt };
      index += 1;
    }
  }
}

/**
 * Streams the demo events: the catalogue first, then each customer's events in delivery order.
 * Customers come in signup order, but their later events interleave in time; use `demoEvents`
 * for one array sorted by time.
 */
export function* generateDemoEvents(options: DemoOptions = {}): Generator<StripeEvent> {
  const o = resolve(options);
  const l = layout(o);
  if (o.includeCatalog) yield* catalogEvents(l.catalog, o.seedTag);
  for (const customer of rangeCustomers(o, l)) {
    yield* simulateOne(o, l, customer, o.endAt, (ids) => createEventLog(ids, o.endAt));
  }
}

/** Id scopes of the customers who sign up after the range: far above any customer count. */
export const CONTINUATION_SCOPE = 20_000_000;

/**
 * The demo business carried on past the end of its range (`endAt`) until `until`: the events
 * with `created` in (endAt, until] of the range's customers living on, and of new customers who
 * keep signing up at the pace of the range's last month. Ids do not depend on `until`, and
 * neither does anything emitted up to it: the stream to a later `until` is the stream to an
 * earlier one plus later events, so storing stretch after stretch is idempotent. (The range
 * itself is not: `demoEvents` with a later `endAt` lays out a different range.) Customers in
 * `skipCustomers` (ids) are left out. Events come one customer at a time, not sorted.
 */
export function* generateDemoContinuation(
  options: DemoOptions & { until: UnixSeconds; skipCustomers?: ReadonlySet<string> },
): Generator<StripeEvent> {
  const o = resolve(options);
  const l = layout(o);
  const until = options.until;
  if (!Number.isInteger(until)) throw new RangeError(`until must be unix seconds, got ${until}`);
  if (until <= o.endAt) return;
  const skip = options.skipCustomers ?? new Set<string>();
  const makeLog = (ids: IdFactory) => createEventLog(ids, until, { after: o.endAt });
  for (const customer of rangeCustomers(o, l)) {
    if (skip.has(createIdFactory(o.seedTag, customer.scope).next('cus'))) continue;
    yield* simulateOne(o, l, customer, until, makeLog);
  }
  // New customers: one every `mean` seconds on average (uniform gaps of 0.2 to 1.8 × mean),
  // each gap drawn from its own seed so the timeline never depends on `until`.
  const lastCount = l.counts.at(-1) ?? 0;
  const lastStart = addMonths(o.startAt, o.months - 1) + (o.months === 1 ? HOUR : 0);
  if (lastCount === 0 || o.endAt <= lastStart) return;
  const mean = (o.endAt - lastStart) / lastCount;
  let signupAt = o.endAt;
  for (let k = 0; ; k++) {
    const gap = createRng(mixSeed(o.seed, 0xc0a7, k)).next();
    signupAt += Math.max(1, Math.floor(mean * (0.2 + 1.6 * gap)));
    if (signupAt > until) return;
    const scope = CONTINUATION_SCOPE + k;
    const rng = createRng(mixSeed(o.seed, 0xc0a8, k));
    if (skip.has(createIdFactory(o.seedTag, scope).next('cus'))) continue;
    yield* simulateOne(o, l, { rng, scope, ordinal: o.customers + k, signupAt }, until, makeLog);
  }
}

function compareEvents(a: StripeEvent, b: StripeEvent): number {
  return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** All demo events in one array, sorted by `created`, then `id`. */
export function demoEvents(options: DemoOptions = {}): StripeEvent[] {
  return [...generateDemoEvents(options)].sort(compareEvents);
}
