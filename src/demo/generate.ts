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
import { createIdFactory } from './ids.js';
import { simulateCustomer } from './lifecycle.js';
import { makeProfile } from './people.js';
import type { DemoCurrency } from './people.js';
import { createRng, mixSeed } from './random.js';
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
    startAt: addMonths(endAt, -months), seedTag: mixSeed(seed, 0x5eed),
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

/**
 * Streams the demo events: the catalogue first, then each customer's events in delivery order.
 * Customers come in signup order, but their later events interleave in time; use `demoEvents`
 * for one array sorted by time.
 */
export function* generateDemoEvents(options: DemoOptions = {}): Generator<StripeEvent> {
  const o = resolve(options);
  const catalog = buildCatalog(o.seedTag, o.startAt);
  if (o.includeCatalog) yield* catalogEvents(catalog, o.seedTag);

  const counts = allocateSignups(o.customers, o.months, o.startAt, createRng(mixSeed(o.seed, 0xa11c)));
  const launchEndsAt = addMonths(o.startAt, LAUNCH_MONTHS);
  const nameOffset = mixSeed(o.seed, 0x4e4d) % 10_000;
  const currencyWeights = o.currencies.map((c) => [c, CURRENCY_WEIGHTS[c]] as const);
  let index = 0;
  for (const [month, count] of counts.entries()) {
    // The first hour of the range belongs to the catalogue.
    const windowStart = addMonths(o.startAt, month) + (month === 0 ? HOUR : 0);
    const windowEnd = month === o.months - 1 ? o.endAt : addMonths(o.startAt, month + 1);
    for (let j = 0; j < count; j++) {
      const rng = createRng(mixSeed(o.seed, index + 1));
      // Stratified: the j-th of `count` signups falls in the j-th slice of the month.
      const signupAt = windowStart + Math.floor(((j + rng.next()) / count) * (windowEnd - windowStart));
      const ids = createIdFactory(o.seedTag, index + 1);
      const currency = rng.weighted(currencyWeights);
      const sim: Sim = {
        rng, ids, catalog, endAt: o.endAt, log: createEventLog(ids, o.endAt), sub: null, pending: [],
        customer: {
          id: ids.next('cus'), created: signupAt, profile: makeProfile(rng, index, currency, nameOffset),
          currency, currencySet: false, invoicePrefix: invoicePrefix(index, o.seedTag),
          nextInvoiceSequence: 1, card: null, metadata: {},
        },
      };
      simulateCustomer(sim, signupAt, launchEndsAt);
      yield* sim.log.drain();
      index += 1;
    }
  }
}

function compareEvents(a: StripeEvent, b: StripeEvent): number {
  return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** All demo events in one array, sorted by `created`, then `id`. */
export function demoEvents(options: DemoOptions = {}): StripeEvent[] {
  return [...generateDemoEvents(options)].sort(compareEvents);
}
