// A small hand-checked ledger shared by the period-metrics, breakdown and rates tests.
import { createFxTable } from '../../../src/core/fx.js';
import type { LedgerEntry, MovementKind } from '../../../src/core/types.js';

export function entry(customerId: string, day: string, currency: string, mrr: number, delta: number, movement: MovementKind): LedgerEntry {
  return { customerId, day, currency, mrr, delta, movement, causeEventId: `evt_${customerId}_${day}` };
}

// Two customers in usd and one in eur; eur→usd moves 1.10 → 1.20 mid-March and → 1.25 in June.
export const LEDGER: LedgerEntry[] = [
  entry('a', '2024-01-10', 'usd', 5000, 5000, 'new'),
  entry('c', '2024-01-20', 'eur', 10000, 10000, 'new'),
  entry('b', '2024-02-01', 'usd', 3000, 3000, 'new'),
  entry('a', '2024-03-05', 'usd', 7000, 2000, 'expansion'),
  entry('c', '2024-03-10', 'eur', 8000, -2000, 'contraction'),
  entry('b', '2024-03-20', 'usd', 0, -3000, 'churn'),
  entry('b', '2024-04-15', 'usd', 3500, 3500, 'reactivation'),
];
export const FX = createFxTable(
  [
    { currency: 'eur', day: '2024-01-01', rate: '1.10' },
    { currency: 'eur', day: '2024-03-15', rate: '1.20' },
    { currency: 'eur', day: '2024-06-10', rate: '1.25' },
    { currency: 'jpy', day: '2024-01-01', rate: '0.0067' },
    { currency: 'kwd', day: '2024-01-01', rate: '3.25' },
  ],
  'usd',
);
export const USD = { reportingCurrency: 'usd', fx: FX } as const;
