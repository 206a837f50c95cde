// Explain: the lines behind one figure, read from the ledgers and payments (query.ts), split into
// slices converted exactly as the figure converts them, and attributed line by line
// (attributeSlices, src/core/customer-breakdown.ts), so the lines' contributions sum to the figure
// in the reporting currency and each currency's lines sum to its native total. All lines are
// shaped and ordered (largest |contribution| first); a page is a slice of that order after a
// keyset position, so `lineCount` and `total` are always those of every line.
import type { Kysely } from 'kysely';
import { apportion } from '../../core/apportion.js';
import { attributeSlices, pageOfLines, type ExplainedGroup, type ExplainedLine, type LinePosition, type Slice, type SliceLine } from '../../core/customer-breakdown.js';
import { addDays } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Day, MovementKind } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { EXPLAIN_COUNTS, EXPLAIN_LEVELS, type ExplainMetric } from '../registry.js';
import type { ExplainResponse } from './contract.js';
import { currencyLevels, customerEventRows, levelRows, movementDaySums, movementRows, paymentRows, planLevelRows, type DaySum } from './query.js';

export const MOVEMENT_KINDS: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

const KINDS: Partial<Record<ExplainMetric, readonly MovementKind[]>> = {
  new: ['new'], expansion: ['expansion'], contraction: ['contraction'], churn: ['churn'], reactivation: ['reactivation'],
  net_new_mrr: MOVEMENT_KINDS,
};
const EVENT_KINDS: Partial<Record<ExplainMetric, MovementKind>> = { new_customers: 'new', reactivated_customers: 'reactivation', churned_customers: 'churn' };

export function isLevelMetric(metric: ExplainMetric): boolean {
  return (EXPLAIN_LEVELS as readonly string[]).includes(metric);
}
export function isCountMetric(metric: ExplainMetric): boolean {
  return (EXPLAIN_COUNTS as readonly string[]).includes(metric);
}

export type ExplainRequest = {
  metric: ExplainMetric;
  /** plan_mrr: the plan (its product id, else its price id, as GET /v1/metrics/by-plan names it). */
  plan?: string | null;
  /** Flows: the first day (levels: ignored). */
  from: Day;
  /** The last day (levels: the day whose end is read), already clamped to the as-of day. */
  to: Day;
  asOf: AsOf;
  fx: FxTable;
};

/** Every line, in order: the response without paging. */
export type Explanation = Omit<ExplainResponse, 'lines' | 'nextCursor'> & { groups: ExplainedGroup[]; lines: ExplainedLine[] };

const nonZero = (amount: number, convert: () => number) => (amount === 0 ? 0 : convert());

async function slicesFor(db: Kysely<Database>, workspaceId: string, r: ExplainRequest): Promise<Slice[]> {
  const { fx } = r;
  switch (r.metric) {
    case 'mrr': {
      const rows = (await levelRows(db, workspaceId, r.to)).map((row) => ({ ...row, days: [row.day] }));
      return byCurrency(rows, (currency, lines) => nonZero(sum(lines), () => fx.convert(sum(lines), currency, r.to)));
    }
    case 'customers': {
      const rows = (await levelRows(db, workspaceId, r.to)).filter((row) => row.amount > 0);
      const customers = new Map<string, SliceLine & { days: Day[] }>();
      for (const row of rows) {
        const seen = customers.get(row.customerId);
        if (seen) seen.days.push(row.day);
        else customers.set(row.customerId, { customerId: row.customerId, name: row.name, amount: 1, days: [row.day] });
      }
      return [{ currency: null, reporting: customers.size, lines: [...customers.values()] }];
    }
    case 'plan_mrr':
      return planSlices((await planLevelRows(db, workspaceId, r.to)).map((row) => ({ ...row, days: [row.day] })), r.plan ?? '', r.to, fx);
    case 'revenue_collected': {
      const rows = await paymentRows(db, workspaceId, 'succeeded', r.from, r.to);
      // Converted per currency and day, once per sum, as the payments figures are.
      const daySums = new Map<string, { currency: string; day: Day; amount: number }>();
      for (const row of rows) {
        const key = `${row.currency}|${row.day}`;
        const seen = daySums.get(key) ?? daySums.set(key, { currency: row.currency, day: row.day, amount: 0 }).get(key)!;
        seen.amount += row.amount;
      }
      const converted = new Map<string, number>();
      for (const s of daySums.values()) converted.set(s.currency, (converted.get(s.currency) ?? 0) + fx.convert(s.amount, s.currency, s.day));
      const lines = mergeDays(rows.map((row) => ({ key: `${row.customerId ?? ''}|${row.currency}`, currency: row.currency, customerId: row.customerId, name: row.name, amount: row.amount, days: [row.day] })));
      return byCurrency(lines, (currency) => converted.get(currency) ?? 0);
    }
    case 'failed_payments': {
      const rows = await paymentRows(db, workspaceId, 'failed', r.from, r.to);
      const lines = mergeDays(rows.map((row) => ({ key: row.customerId ?? '', currency: null, customerId: row.customerId, name: row.name, amount: row.count, days: [row.day] })));
      return [{ currency: null, reporting: sum(lines), lines }];
    }
    case 'fx':
      return fxSlices(db, workspaceId, r);
    default: {
      const event = EVENT_KINDS[r.metric];
      if (event) {
        const rows = await customerEventRows(db, workspaceId, event, r.from, r.to);
        const lines = rows.map((row) => ({ customerId: row.customerId, name: row.name, amount: row.days.length, days: row.days }));
        return [{ currency: null, reporting: sum(lines), lines }];
      }
      const kinds = KINDS[r.metric]!;
      const [rows, sums] = await Promise.all([movementRows(db, workspaceId, kinds, r.from, r.to), movementDaySums(db, workspaceId, kinds, r.from, r.to)]);
      const converted = convertDaySums(sums, fx);
      const slices: Slice[] = [];
      for (const kind of kinds) {
        const ofKind = rows.filter((row) => row.movement === kind && row.amount !== 0);
        for (const currency of new Set([...ofKind.map((row) => row.currency), ...[...converted.keys()].filter((k) => k.endsWith(`|${kind}`)).map((k) => k.split('|')[0]!)])) {
          slices.push({ currency, reporting: converted.get(`${currency}|${kind}`) ?? 0, lines: ofKind.filter((row) => row.currency === currency) });
        }
      }
      return slices;
    }
  }
}

const sum = (lines: readonly { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

function byCurrency<T extends SliceLine & { currency: string }>(lines: readonly T[], reporting: (currency: string, lines: T[]) => number): Slice[] {
  const groups = new Map<string, T[]>();
  for (const line of lines) (groups.get(line.currency) ?? groups.set(line.currency, []).get(line.currency)!).push(line);
  return [...groups].map(([currency, ofCurrency]) => ({ currency, reporting: reporting(currency, ofCurrency), lines: ofCurrency }));
}

function mergeDays<T extends SliceLine & { key: string; days: Day[] }>(rows: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const seen = merged.get(row.key);
    if (seen) {
      seen.amount += row.amount;
      seen.days = [...new Set([...seen.days, ...row.days])].sort();
    } else merged.set(row.key, { ...row, days: [...row.days] });
  }
  return [...merged.values()];
}

/** Σ_day convert(that day's native sum), per `currency|kind`: the period figures' conversion. */
function convertDaySums(sums: readonly DaySum[], fx: FxTable): Map<string, number> {
  const converted = new Map<string, number>();
  for (const s of sums) {
    const key = `${s.currency}|${s.movement}`;
    converted.set(key, (converted.get(key) ?? 0) + nonZero(s.amount, () => fx.convert(s.amount, s.currency, s.day)));
  }
  return converted;
}

/** A plan's MRR as GET /v1/metrics/by-plan reports it: per currency, the currency's converted MRR
 *  is apportioned over the plans (by native MRR, plans in id order); this plan's part of each
 *  currency is then its customers' slice. */
function planSlices(rows: readonly (SliceLine & { planId: string; currency: string })[], plan: string, day: Day, fx: FxTable): Slice[] {
  const slices: Slice[] = [];
  const currencies = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const plans = currencies.get(row.currency) ?? currencies.set(row.currency, new Map()).get(row.currency)!;
    plans.set(row.planId, (plans.get(row.planId) ?? 0) + row.amount);
  }
  for (const [currency, plans] of currencies) {
    const ids = [...plans.keys()].sort();
    const index = ids.indexOf(plan);
    if (index < 0) continue;
    const native = [...plans.values()].reduce((s, v) => s + v, 0);
    const converted = nonZero(native, () => fx.convert(native, currency, day));
    const share = apportion(converted, ids.map((id) => Math.max(0, plans.get(id)!)))[index]!;
    slices.push({ currency, reporting: share, lines: rows.filter((row) => row.currency === currency && row.planId === plan) });
  }
  return slices;
}

/** FX: per currency, the change of its converted level that no movement explains. No customer
 *  lines: the currencies are its lines. */
async function fxSlices(db: Kysely<Database>, workspaceId: string, r: ExplainRequest): Promise<Slice[]> {
  const before = addDays(r.from, -1);
  const [start, end, sums] = await Promise.all([
    currencyLevels(db, workspaceId, before),
    currencyLevels(db, workspaceId, r.to),
    movementDaySums(db, workspaceId, MOVEMENT_KINDS, r.from, r.to),
  ]);
  const moves = convertDaySums(sums, r.fx);
  const currencies = [...new Set([...start.keys(), ...end.keys(), ...sums.map((s) => s.currency)])].sort();
  return currencies.map((currency) => {
    const conv = (amount: number, day: Day) => nonZero(amount, () => r.fx.convert(amount, currency, day));
    let reporting = conv(end.get(currency) ?? 0, r.to) - conv(start.get(currency) ?? 0, before);
    for (const kind of MOVEMENT_KINDS) reporting -= moves.get(`${currency}|${kind}`) ?? 0;
    return { currency, reporting, lines: [] };
  });
}

/** The whole explanation of a figure: every line, in order. */
export async function loadExplanation(db: Kysely<Database>, workspaceId: string, r: ExplainRequest): Promise<Explanation> {
  const level = isLevelMetric(r.metric);
  const empty = !level && r.from > r.to;
  const { groups, lines } = empty ? { groups: [], lines: [] } : attributeSlices(await slicesFor(db, workspaceId, r));
  return {
    metric: r.metric,
    plan: r.metric === 'plan_mrr' ? (r.plan ?? null) : null,
    from: level ? null : r.from,
    to: r.to,
    asOf: r.asOf.day,
    currency: r.fx.reportingCurrency,
    unit: isCountMetric(r.metric) ? 'count' : 'money',
    total: groups.reduce((s, g) => s + g.reporting, 0),
    lineCount: lines.length,
    groups,
    lines,
  };
}

/** One page of an explanation: `limit` lines after `after`. */
export function explanationPage(explanation: Explanation, limit: number, after: LinePosition | null): Omit<ExplainResponse, 'nextCursor'> & { next: LinePosition | null } {
  const page = pageOfLines(explanation.lines, limit, after);
  return { ...explanation, lines: page.lines, next: page.next };
}
