// Deterministic, unique, Stripe-looking ids. Every id is `prefix + seed tag + scope + counter`
// in fixed-width base62, so ids never collide across customers (scope) or within one (counter),
// and event ids sort in the order they were emitted.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Fixed-width base62. The alphabet is in ASCII order, so string order equals numeric order. */
export function base62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  let rest = value;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (rest !== 0) throw new RangeError(`${value} does not fit in ${width} base62 digits`);
  return out;
}

export type IdPrefix =
  | 'cus' | 'sub' | 'si' | 'in' | 'il' | 'ii' | 'ch' | 'pi' | 'pm' | 'txn' | 're' | 'du' | 'di'
  | 'prod' | 'price' | 'req';

export type IdFactory = {
  /** A new object id such as `sub_0Ab00001h00002`. */
  next(prefix: IdPrefix): string;
  /** A new event id (`evt_demo_…`), increasing in emission order within the scope. */
  event(): string;
  /**
   * The id of the scope's `position`-th event counting every event the simulation emitted,
   * also those left out of the range: the same event gets the same id however far the range
   * reaches. One base62 digit longer than `event()`'s, so the two kinds never meet.
   */
  eventAt(position: number): string;
};

/**
 * Ids for one scope: scope 0 is the catalogue, scope n is the n-th customer (1-based).
 * `seedTag` keeps two demo data sets with different seeds apart in one database.
 */
export function createIdFactory(seedTag: number, scope: number): IdFactory {
  const head = base62(seedTag % 238_328, 3) + base62(scope, 6);
  const counters = new Map<string, number>();
  let events = 0;
  return {
    next(prefix) {
      const n = counters.get(prefix) ?? 0;
      counters.set(prefix, n + 1);
      return `${prefix}_${head}${base62(n, 5)}`;
    },
    event() {
      events += 1;
      return `evt_demo_${head}${base62(events, 5)}`;
    },
    eventAt(position) {
      return `evt_demo_${head}${base62(position, 6)}`;
    },
  };
}
