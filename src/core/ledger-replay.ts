// Replays the customer ledger in day order, one customer-day at a time.
//
// Responsible for: ordering ledger entries by day, grouping the rows of one customer and day (one row
// per currency), keeping each customer's native MRR per currency and the running native MRR
// total per currency, and refusing an inconsistent ledger (a row whose delta is not its mrr
// minus the previous mrr of that customer and currency, a negative mrr, a duplicated row, a row
// whose delta has the wrong sign for its kind, or rows of one customer-day with different
// movement kinds). Every metric above the ledger reads the ledger through this, so they all
// agree on what "MRR at the end of a day" means.
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from './types.js';

export const MOVEMENT_KINDS: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/** All ledger rows of one customer on one day (one per currency that changed). */
export type CustomerDay = {
  customerId: string;
  day: Day;
  movement: MovementKind;
  rows: readonly LedgerEntry[];
};

export type CustomerState = {
  /** End-of-day native MRR per currency (zero entries are kept). */
  readonly byCurrency: Map<CurrencyCode, number>;
  /** The day each currency's current MRR was set. */
  readonly changedOn: Map<CurrencyCode, Day>;
  paying: boolean;
  /** Day of the customer's first `new` movement, if any. */
  firstPaidDay: Day | null;
};

export type LedgerReplay = {
  /** Native MRR per currency over all customers, as of the last applied day. */
  readonly levels: ReadonlyMap<CurrencyCode, number>;
  readonly customers: ReadonlyMap<string, CustomerState>;
  payingCustomers(): number;
  isPaying(customerId: string): boolean;
  apply(group: CustomerDay): void;
};

/** Kinds whose rows add MRR (delta ≥ 0); contraction and churn rows remove it (delta ≤ 0). */
const ADDS_MRR: Readonly<Record<MovementKind, boolean>> = {
  new: true,
  expansion: true,
  reactivation: true,
  contraction: false,
  churn: false,
};

/**
 * A row's delta must have its kind's sign: the ledger (src/core/ledger.ts) classifies a paying
 * customer's row by the sign of its own delta, so a currency switch is a contraction in one
 * currency and an expansion in the other, never a "contraction" of +2 cents because the 3 fils
 * it replaced look like more. Movements are converted per currency and day, so a row of the
 * wrong sign would surface as a positive contraction (or negative expansion) once converted.
 */
function checkSign(entry: LedgerEntry): void {
  const adds = ADDS_MRR[entry.movement];
  if (adds === undefined) throw new RangeError(`unknown movement kind "${String(entry.movement)}": ${entry.customerId} ${entry.day}`);
  if (adds ? entry.delta < 0 : entry.delta > 0) {
    throw new RangeError(
      `${entry.movement} row with a ${adds ? 'negative' : 'positive'} delta: ${entry.customerId} ${entry.day} ${entry.currency} (delta ${entry.delta})`,
    );
  }
}

/**
 * Groups ledger entries (in any order) into customer-days, ordered by day. Linear: entries are
 * bucketed by day and only the distinct days are sorted; within a day, customers keep the order
 * they were first seen in (no figure depends on it).
 */
export function groupCustomerDays(entries: readonly LedgerEntry[]): CustomerDay[] {
  const byDay = new Map<Day, Map<string, { customerId: string; day: Day; movement: MovementKind; rows: LedgerEntry[] }>>();
  for (const entry of entries) {
    checkSign(entry);
    let customers = byDay.get(entry.day);
    if (!customers) byDay.set(entry.day, (customers = new Map()));
    const group = customers.get(entry.customerId);
    if (!group) {
      customers.set(entry.customerId, { customerId: entry.customerId, day: entry.day, movement: entry.movement, rows: [entry] });
      continue;
    }
    if (group.rows.some((row) => row.currency === entry.currency)) {
      throw new RangeError(`duplicate ledger row: ${entry.customerId} ${entry.day} ${entry.currency}`);
    }
    // A multi-currency customer may expand in one currency and contract in another on one day;
    // any other mix (e.g. churn with expansion) is an inconsistent ledger.
    const valueChanges = (k: MovementKind) => k === 'expansion' || k === 'contraction';
    if (entry.movement !== group.movement && !(valueChanges(entry.movement) && valueChanges(group.movement))) {
      throw new RangeError(`mixed movement kinds for ${entry.customerId} on ${entry.day}`);
    }
    group.rows.push(entry);
  }
  const days = [...byDay.keys()].sort();
  const groups: CustomerDay[] = [];
  for (const day of days) for (const group of byDay.get(day)!.values()) groups.push(group);
  return groups;
}

export function createLedgerReplay(): LedgerReplay {
  const levels = new Map<CurrencyCode, number>();
  const customers = new Map<string, CustomerState>();
  let paying = 0;

  return {
    levels,
    customers,
    payingCustomers: () => paying,
    isPaying: (customerId) => customers.get(customerId)?.paying ?? false,
    apply(group) {
      let state = customers.get(group.customerId);
      if (!state) {
        state = { byCurrency: new Map(), changedOn: new Map(), paying: false, firstPaidDay: null };
        customers.set(group.customerId, state);
      }
      for (const row of group.rows) {
        const previous = state.byCurrency.get(row.currency) ?? 0;
        if (!Number.isSafeInteger(row.mrr) || row.mrr < 0 || row.mrr - previous !== row.delta) {
          throw new RangeError(
            `inconsistent ledger row: ${row.customerId} ${row.day} ${row.currency} ` +
              `(previous mrr ${previous}, mrr ${row.mrr}, delta ${row.delta})`,
          );
        }
        state.byCurrency.set(row.currency, row.mrr);
        state.changedOn.set(row.currency, row.day);
        levels.set(row.currency, (levels.get(row.currency) ?? 0) + row.delta);
      }
      let nowPaying = false;
      for (const mrr of state.byCurrency.values()) if (mrr > 0) nowPaying = true;
      if (nowPaying !== state.paying) paying += nowPaying ? 1 : -1;
      state.paying = nowPaying;
      if (group.movement === 'new' && state.firstPaidDay === null) state.firstPaidDay = group.day;
    },
  };
}
