// Payment health from per-day sums (docs/metrics.md section 17). Pure.
//
// Responsible for: converting each (day, currency) sum into the reporting currency exactly once
// and splitting that one converted amount over the sum's codes (decline code, dispute status) by
// their native amounts, largest remainder first. Every figure shown — a total card, a period of
// the series, a decline reason — is then a plain sum of these converted parts, so the reasons sum
// to the failed total and the periods to the range, to the minor unit.
import { apportion } from './apportion.js';
import { periodsBetween, type Granularity } from './dates.js';
import type { Day } from './types.js';

/** Native sums of one kind of record per UTC day, currency and (optionally) code. */
export type PaymentDaySum = { day: Day; currency: string; amount: number; count: number; code?: string };

/** One (day, code) part of a converted (day, currency) sum, in the reporting currency. */
export type ConvertedPart = { day: Day; code: string; count: number; amount: number };

export type Bucket = { count: number; amount: number };
export type Rate = { value: number | null; reason?: string };
type Convert = (amount: number, currency: string, day: Day) => number;

export type PaymentsHealth = {
  from: Day;
  to: Day;
  currency: string;
  succeeded: Bucket;
  failed: Bucket;
  successRate: Rate;
  declines: { code: string; count: number; amount: number }[];
  refunds: Bucket;
  disputes: Bucket & { lost: number };
  recovered: Bucket;
  series: ({ period: string; start: Day; end: Day; successRate: Rate } & Record<'succeeded' | 'failed' | 'refunds' | 'disputes' | 'recovered', Bucket>)[];
};

/** Each (day, currency) sum converted once, then apportioned over its codes by native amount. */
export function convertOnce(rows: readonly PaymentDaySum[], convert: Convert): ConvertedPart[] {
  const groups = new Map<string, { day: Day; currency: string; rows: PaymentDaySum[] }>();
  for (const r of rows) {
    const key = `${r.day}|${r.currency}`;
    const group = groups.get(key) ?? groups.set(key, { day: r.day, currency: r.currency, rows: [] }).get(key)!;
    group.rows.push(r);
  }
  const parts: ConvertedPart[] = [];
  for (const g of groups.values()) {
    const native = g.rows.reduce((s, r) => s + r.amount, 0);
    const converted = native === 0 ? 0 : convert(native, g.currency, g.day);
    const amounts = apportion(converted, g.rows.map((r) => Math.max(0, r.amount)));
    g.rows.forEach((r, i) => parts.push({ day: g.day, code: r.code ?? '', count: r.count, amount: amounts[i]! }));
  }
  return parts;
}

/** The parts dated in [start, end], summed. */
export function bucketOf(parts: readonly ConvertedPart[], start: Day, end: Day): Bucket {
  let count = 0;
  let amount = 0;
  for (const p of parts) {
    if (p.day < start || p.day > end) continue;
    count += p.count;
    amount += p.amount;
  }
  return { count, amount };
}

export function successRate(ok: number, ko: number): Rate {
  return ok + ko === 0 ? { value: null, reason: 'no payments in the period' } : { value: ok / (ok + ko) };
}

/** The periods of [from, to], the first and last clipped to the range. */
function clippedPeriods(from: Day, to: Day, granularity: Granularity): { key: string; start: Day; end: Day }[] {
  return periodsBetween(from, to, granularity).map((p) => ({ key: p.key, start: p.start < from ? from : p.start, end: p.end > to ? to : p.end }));
}

/** The figures of [from, to] from the day sums of each kind; `failed` and `disputes` carry codes. */
export function paymentsHealthFrom(
  sums: Record<'succeeded' | 'failed' | 'refunds' | 'disputes' | 'recovered', readonly PaymentDaySum[]>,
  options: { from: Day; to: Day; granularity: Granularity; currency: string; convert: Convert },
): PaymentsHealth {
  const { from, to, convert } = options;
  const succeeded = convertOnce(sums.succeeded, convert);
  const failed = convertOnce(sums.failed, convert);
  const refunds = convertOnce(sums.refunds, convert);
  const disputes = convertOnce(sums.disputes, convert);
  const recovered = convertOnce(sums.recovered, convert);
  const ok = bucketOf(succeeded, from, to);
  const ko = bucketOf(failed, from, to);
  const byCode = new Map<string, Bucket>();
  for (const p of failed) {
    if (p.day < from || p.day > to) continue;
    const seen = byCode.get(p.code) ?? byCode.set(p.code, { count: 0, amount: 0 }).get(p.code)!;
    seen.count += p.count;
    seen.amount += p.amount;
  }
  return {
    from,
    to,
    currency: options.currency,
    succeeded: ok,
    failed: ko,
    successRate: successRate(ok.count, ko.count),
    declines: [...byCode].map(([code, b]) => ({ code, ...b })).sort((a, b) => b.count - a.count || b.amount - a.amount || (a.code < b.code ? -1 : 1)),
    refunds: bucketOf(refunds, from, to),
    disputes: { ...bucketOf(disputes, from, to), lost: disputes.filter((d) => d.code === 'lost' && d.day >= from && d.day <= to).reduce((s, d) => s + d.count, 0) },
    recovered: bucketOf(recovered, from, to),
    series: clippedPeriods(from, to, options.granularity).map((p) => {
      const s = bucketOf(succeeded, p.start, p.end);
      const f = bucketOf(failed, p.start, p.end);
      return {
        period: p.key, start: p.start, end: p.end, succeeded: s, failed: f, successRate: successRate(s.count, f.count),
        refunds: bucketOf(refunds, p.start, p.end), disputes: bucketOf(disputes, p.start, p.end), recovered: bucketOf(recovered, p.start, p.end),
      };
    }),
  };
}
