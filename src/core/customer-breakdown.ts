// "Explain" for period metrics: which customers make up an MRR or movement figure.
//
// Responsible for: listing, per customer and currency, the native amounts behind a figure of
// computePeriods, so that (1) the lines of each currency sum exactly to that currency's native
// total and (2) the currency groups, converted exactly as computePeriods converts them (per
// currency, per day, per kind, rounded once each), sum exactly to the reported figure.
import { apportion } from './apportion.js';
import type { FxTable } from './fx.js';
import { createLedgerReplay, groupCustomerDays, MOVEMENT_KINDS } from './ledger-replay.js';
import { convertLevels } from './period-metrics.js';
import { addDays } from './dates.js';
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from './types.js';

export type BreakdownMetric = 'mrr' | MovementKind | 'fx';

export type BreakdownLine = {
  customerId: string;
  currency: CurrencyCode;
  /** Native minor units: the customer's MRR at `to`, or the sum of their deltas of that kind. */
  amount: number;
  /** Days of the ledger entries behind the amount (for mrr: the day the level was set). */
  days: Day[];
};

export type BreakdownGroup = {
  currency: CurrencyCode;
  /** Σ lines of this currency (0 for fx, which has no native amount). */
  native: number;
  /** This currency's share of the reported figure, in reporting minor units. */
  reporting: number;
};

export type Breakdown = {
  metric: BreakdownMetric;
  from: Day;
  to: Day;
  reportingCurrency: CurrencyCode;
  /** Equal to the figure computePeriods reports for a period with these bounds. */
  total: number;
  groups: BreakdownGroup[];
  lines: BreakdownLine[];
};

export type BreakdownOptions = {
  metric: BreakdownMetric;
  /** First day of the period (ignored for mrr, which is a level at the end of `to`). */
  from: Day;
  to: Day;
  fx: FxTable;
};

function levelsAt(ledger: readonly LedgerEntry[], day: Day) {
  const replay = createLedgerReplay();
  for (const group of groupCustomerDays(ledger)) {
    if (group.day > day) break;
    replay.apply(group);
  }
  return replay;
}

function byCustomerThenCurrency(a: BreakdownLine, b: BreakdownLine): number {
  if (a.customerId !== b.customerId) return a.customerId < b.customerId ? -1 : 1;
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

function mrrBreakdown(ledger: readonly LedgerEntry[], options: BreakdownOptions): Breakdown {
  const replay = levelsAt(ledger, options.to);
  const lines: BreakdownLine[] = [];
  for (const [customerId, state] of replay.customers) {
    for (const [currency, amount] of state.byCurrency) {
      if (amount !== 0) lines.push({ customerId, currency, amount, days: [state.changedOn.get(currency)!] });
    }
  }
  const groups = [...replay.levels]
    .filter(([, native]) => native !== 0)
    .map(([currency, native]) => ({ currency, native, reporting: options.fx.convert(native, currency, options.to) }));
  return finish(options, groups, lines);
}

/** Per currency, per day, per kind: the native sums computePeriods converts. */
function dailySums(ledger: readonly LedgerEntry[], from: Day, to: Day): Map<CurrencyCode, Map<Day, Map<MovementKind, number>>> {
  const sums = new Map<CurrencyCode, Map<Day, Map<MovementKind, number>>>();
  for (const entry of ledger) {
    if (entry.day < from || entry.day > to) continue;
    let byDay = sums.get(entry.currency);
    if (!byDay) sums.set(entry.currency, (byDay = new Map()));
    let byKind = byDay.get(entry.day);
    if (!byKind) byDay.set(entry.day, (byKind = new Map()));
    byKind.set(entry.movement, (byKind.get(entry.movement) ?? 0) + entry.delta);
  }
  return sums;
}

function movementBreakdown(ledger: readonly LedgerEntry[], kind: MovementKind, options: BreakdownOptions): Breakdown {
  const { from, to, fx } = options;
  const lineByKey = new Map<string, BreakdownLine>();
  for (const entry of ledger) {
    if (entry.day < from || entry.day > to || entry.movement !== kind) continue;
    const key = `${entry.customerId}\u0000${entry.currency}`;
    const line = lineByKey.get(key);
    if (line) {
      line.amount += entry.delta;
      line.days.push(entry.day);
    } else {
      lineByKey.set(key, { customerId: entry.customerId, currency: entry.currency, amount: entry.delta, days: [entry.day] });
    }
  }
  const groups: BreakdownGroup[] = [];
  for (const [currency, byDay] of dailySums(ledger, from, to)) {
    let native = 0;
    let reporting = 0;
    for (const [day, byKind] of byDay) {
      const amount = byKind.get(kind) ?? 0;
      native += amount;
      if (amount !== 0) reporting += fx.convert(amount, currency, day);
    }
    if (native !== 0 || reporting !== 0) groups.push({ currency, native, reporting });
  }
  return finish(options, groups, [...lineByKey.values()]);
}

function fxBreakdown(ledger: readonly LedgerEntry[], options: BreakdownOptions): Breakdown {
  const { from, to, fx } = options;
  const before = addDays(from, -1);
  const start = levelsAt(ledger, before).levels;
  const end = levelsAt(ledger, to).levels;
  const sums = dailySums(ledger, from, to);
  const currencies = new Set([...start.keys(), ...end.keys(), ...sums.keys()]);
  const groups: BreakdownGroup[] = [];
  for (const currency of currencies) {
    let reporting =
      convertLevels(new Map([[currency, end.get(currency) ?? 0]]), fx, to) -
      convertLevels(new Map([[currency, start.get(currency) ?? 0]]), fx, before);
    for (const [day, byKind] of sums.get(currency) ?? []) {
      for (const kind of MOVEMENT_KINDS) {
        const amount = byKind.get(kind) ?? 0;
        if (amount !== 0) reporting -= fx.convert(amount, currency, day);
      }
    }
    if (reporting !== 0) groups.push({ currency, native: 0, reporting });
  }
  return finish(options, groups, []);
}

function finish(options: BreakdownOptions, groups: BreakdownGroup[], lines: BreakdownLine[]): Breakdown {
  groups.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return {
    metric: options.metric,
    from: options.from,
    to: options.to,
    reportingCurrency: options.fx.reportingCurrency,
    total: groups.reduce((sum, g) => sum + g.reporting, 0),
    groups,
    lines: lines.sort(byCustomerThenCurrency),
  };
}

/** The customers and native amounts behind one figure of a period row (see file header). */
export function customerBreakdown(entries: readonly LedgerEntry[], options: BreakdownOptions): Breakdown {
  if (options.metric === 'mrr') return mrrBreakdown(entries, options);
  if (options.metric === 'fx') return fxBreakdown(entries, options);
  return movementBreakdown(entries, options.metric, options);
}

// --- Lines that add up to the figure (GET /v1/explain, src/read/explain) -------------------------
//
// A figure is made of slices: one per currency (per currency and movement kind for net new MRR,
// per currency for a plan's share of MRR), each with its converted total, exactly as the figure
// converts it, and the native amounts of its customers. Each slice's converted total is
// apportioned over its lines in proportion to their native amounts (largest remainder,
// src/core/apportion.ts), so every line carries its contribution to the figure in the reporting
// currency and the contributions sum to the figure exactly — whatever the currencies.

/** One customer's native amount in a slice (a count for count metrics). */
export type SliceLine = { customerId: string | null; name: string | null; amount: number; days: readonly Day[] };

export type Slice = {
  /** null for counts. */
  currency: CurrencyCode | null;
  /** The slice's part of the figure, in reporting minor units (a count for counts). */
  reporting: number;
  lines: readonly SliceLine[];
};

export type ExplainedLine = { customerId: string | null; name: string | null; currency: CurrencyCode | null; amount: number; reporting: number; days: Day[] };
export type ExplainedGroup = { currency: CurrencyCode | null; native: number; reporting: number; lines: number };

const lineKey = (customerId: string | null, currency: string | null) => `${customerId ?? ''}\u0000${currency ?? ''}`;
const byCurrency = (a: { currency: string | null }, b: { currency: string | null }) => ((a.currency ?? '') < (b.currency ?? '') ? -1 : (a.currency ?? '') > (b.currency ?? '') ? 1 : 0);

/** Apportions each slice over its lines and merges a customer's lines of one currency (net new
 *  MRR has a slice per kind). A slice's lines must not mix signs: one kind of movement never does. */
export function attributeSlices(slices: readonly Slice[]): { groups: ExplainedGroup[]; lines: ExplainedLine[] } {
  const lines = new Map<string, ExplainedLine>();
  const groups = new Map<string, ExplainedGroup>();
  for (const slice of slices) {
    if (slice.lines.some((l) => l.amount > 0) && slice.lines.some((l) => l.amount < 0)) {
      throw new RangeError(`attributeSlices: a ${slice.currency ?? 'count'} slice mixes positive and negative amounts`);
    }
    const shares = apportion(slice.reporting, slice.lines.map((l) => Math.abs(l.amount)));
    const groupKey = slice.currency ?? '';
    const group = groups.get(groupKey) ?? groups.set(groupKey, { currency: slice.currency, native: 0, reporting: 0, lines: 0 }).get(groupKey)!;
    group.reporting += slice.reporting;
    slice.lines.forEach((l, i) => {
      group.native += l.amount;
      const key = lineKey(l.customerId, slice.currency);
      const seen = lines.get(key);
      if (seen) {
        seen.amount += l.amount;
        seen.reporting += shares[i]!;
        seen.days = [...new Set([...seen.days, ...l.days])].sort();
      } else {
        lines.set(key, { customerId: l.customerId, name: l.name, currency: slice.currency, amount: l.amount, reporting: shares[i]!, days: [...l.days] });
      }
    });
  }
  const kept = [...lines.values()].filter((l) => l.amount !== 0 || l.reporting !== 0);
  for (const l of kept) groups.get(l.currency ?? '')!.lines += 1;
  const shown = [...groups.values()].filter((g) => g.native !== 0 || g.reporting !== 0 || g.lines !== 0).sort(byCurrency);
  return { groups: shown, lines: orderLines(kept) };
}

/** Where a line stands in the order: largest |reporting| first, then customer id, then currency. */
export type LinePosition = { size: number; customerId: string; currency: string };

export function positionOf(line: Pick<ExplainedLine, 'reporting' | 'customerId' | 'currency'>): LinePosition {
  return { size: Math.abs(line.reporting), customerId: line.customerId ?? '', currency: line.currency ?? '' };
}

export function comparePositions(a: LinePosition, b: LinePosition): number {
  if (a.size !== b.size) return b.size - a.size;
  if (a.customerId !== b.customerId) return a.customerId < b.customerId ? -1 : 1;
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

export function orderLines<T extends Pick<ExplainedLine, 'reporting' | 'customerId' | 'currency'>>(lines: readonly T[]): T[] {
  return [...lines].sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
}

/** The `limit` lines after `after` (keyset: stable however many pages were read), and the
 *  position of the last one when more follow. `lines` must be in orderLines' order. */
export function pageOfLines<T extends Pick<ExplainedLine, 'reporting' | 'customerId' | 'currency'>>(
  lines: readonly T[],
  limit: number,
  after: LinePosition | null,
): { lines: T[]; next: LinePosition | null } {
  const start = after ? lines.findIndex((l) => comparePositions(positionOf(l), after) > 0) : 0;
  if (start < 0) return { lines: [], next: null };
  const page = lines.slice(start, start + limit);
  const more = start + limit < lines.length;
  return { lines: page, next: more && page.length > 0 ? positionOf(page[page.length - 1]!) : null };
}
