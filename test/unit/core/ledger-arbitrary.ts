// Test helpers: consistent random ledgers (fast-check) and a brute-force reading of a ledger that
// shares no code with src/core/ledger-replay.ts.
import fc from 'fast-check';
import { addDays } from '../../../src/core/dates.js';
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from '../../../src/core/types.js';

export const BASE_DAY = '2024-01-01';

type Change = { offset: number; currency: CurrencyCode; mrr: number };

/**
 * Turns "set this customer's MRR in this currency to X on day BASE+offset" changes into ledger
 * rows: mrr is the running level, delta its change, and the kind is classified as
 * src/core/ledger.ts classifies it: new / reactivation / churn on the customer's total ("> 0 in
 * any currency"), and while the customer stays paying each row by the sign of its own delta.
 * (Native amounts of different currencies are never added up or compared: 3 fils is not more
 * than 2 cents.)
 */
export function ledgerFromChanges(customerId: string, changes: readonly Change[]): LedgerEntry[] {
  const byOffset = new Map<number, Map<CurrencyCode, number>>();
  for (const c of [...changes].sort((a, b) => a.offset - b.offset)) {
    const day = byOffset.get(c.offset) ?? new Map<CurrencyCode, number>();
    day.set(c.currency, c.mrr);
    byOffset.set(c.offset, day);
  }
  const levels = new Map<CurrencyCode, number>();
  let everPaid = false;
  const entries: LedgerEntry[] = [];
  for (const offset of [...byOffset.keys()].sort((a, b) => a - b)) {
    const before = [...levels.values()].reduce((s, v) => s + v, 0);
    const rows: { currency: CurrencyCode; mrr: number; delta: number }[] = [];
    for (const [currency, mrr] of byOffset.get(offset)!) {
      const delta = mrr - (levels.get(currency) ?? 0);
      if (delta !== 0) rows.push({ currency, mrr, delta });
      levels.set(currency, mrr);
    }
    if (rows.length === 0) continue;
    const after = [...levels.values()].reduce((s, v) => s + v, 0);
    const movementOf = (delta: number): MovementKind => {
      if (before === 0) return everPaid ? 'reactivation' : 'new';
      if (after === 0) return 'churn';
      return delta > 0 ? 'expansion' : 'contraction';
    };
    if (after > 0) everPaid = true;
    const day = addDays(BASE_DAY, offset);
    for (const row of rows) entries.push({ customerId, day, ...row, movement: movementOf(row.delta), causeEventId: `evt_${customerId}_${offset}` });
  }
  return entries;
}

export function ledgerArbitrary(currencies: readonly CurrencyCode[], maxOffset = 240) {
  const change = fc.record({
    offset: fc.integer({ min: 0, max: maxOffset }),
    currency: fc.constantFrom(...currencies),
    mrr: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 250_000 })),
  });
  return fc
    .array(fc.array(change, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 })
    .map((customers) => customers.flatMap((changes, i) => ledgerFromChanges(`cus_${i}`, changes)));
}

/** Native MRR per currency at the end of `day`: the latest row of each customer and currency. */
export function bruteLevels(entries: readonly LedgerEntry[], day: Day): Map<CurrencyCode, number> {
  const latest = new Map<string, LedgerEntry>();
  for (const e of entries) {
    if (e.day > day) continue;
    const key = `${e.customerId}|${e.currency}`;
    const seen = latest.get(key);
    if (!seen || seen.day < e.day) latest.set(key, e);
  }
  const levels = new Map<CurrencyCode, number>();
  for (const e of latest.values()) levels.set(e.currency, (levels.get(e.currency) ?? 0) + e.mrr);
  return levels;
}

/** Customers with a positive MRR in any currency at the end of `day`. */
export function brutePaying(entries: readonly LedgerEntry[], day: Day): number {
  const latest = new Map<string, LedgerEntry>();
  for (const e of entries) {
    if (e.day > day) continue;
    const key = `${e.customerId}|${e.currency}`;
    const seen = latest.get(key);
    if (!seen || seen.day < e.day) latest.set(key, e);
  }
  const paying = new Set<string>();
  for (const e of latest.values()) if (e.mrr > 0) paying.add(e.customerId);
  return paying.size;
}
