// Payment health over a range (GET /v1/payments/health): how many charges succeeded and failed
// and the success rate, failures by decline code, refunds, disputes, and money recovered after a
// failure (a charge that succeeded for an invoice whose earlier charge failed) — as totals and
// as a zero-filled series. Amounts are converted into the reporting currency per currency and
// day, once per sum, as movements are (docs/metrics.md, "Payments").
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FxTable } from '../core/fx.js';
import type { Granularity } from '../core/dates.js';
import type { Day } from '../core/types.js';
import type { Database } from '../store/schema.js';
import { clippedPeriods } from './period-series.js';

type DaySum = { day: Day; currency: string; amount: number; count: number };
type Bucket = { count: number; amount: number };
type Rate = { value: number | null; reason?: string };

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

const range = (from: Day, to: Day) => sql`created_at >= ${`${from}T00:00:00Z`}::timestamptz and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'`;
const dayOf = sql`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`;

async function sums(db: Kysely<Database>, query: RawBuilder<DaySum & { code?: string }>): Promise<(DaySum & { code?: string })[]> {
  const rows = await query.execute(db);
  return rows.rows.map((r) => ({ ...r, amount: Number(r.amount), count: Number(r.count) }));
}

function rate(ok: number, ko: number): Rate {
  return ok + ko === 0 ? { value: null, reason: 'no payments in the period' } : { value: ok / (ok + ko) };
}

export async function paymentsHealth(
  db: Kysely<Database>,
  workspaceId: string,
  options: { from: Day; to: Day; granularity: Granularity; fx: FxTable },
): Promise<PaymentsHealth> {
  const { from, to, fx } = options;
  const w = workspaceId;
  const [succeeded, failed, refunds, disputes, recovered] = await Promise.all([
    sums(db, sql<DaySum>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from payments
      where workspace_id = ${w} and status = 'succeeded' and ${range(from, to)} group by 1, 2`),
    sums(db, sql<DaySum & { code: string }>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count,
        coalesce(record->>'declineCode', failure_code, 'unknown') as code from payments
      where workspace_id = ${w} and status = 'failed' and ${range(from, to)} group by 1, 2, 5`),
    sums(db, sql<DaySum>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from refunds
      where workspace_id = ${w} and coalesce(status, 'succeeded') in ('succeeded', 'pending') and ${range(from, to)} group by 1, 2`),
    sums(db, sql<DaySum & { code: string }>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count,
        coalesce(status, 'unknown') as code from disputes
      where workspace_id = ${w} and ${range(from, to)} group by 1, 2, 5`),
    sums(db, sql<DaySum>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from payments p
      where workspace_id = ${w} and status = 'succeeded' and invoice_id is not null and ${range(from, to)}
        and exists (select 1 from payments f where f.workspace_id = p.workspace_id and f.invoice_id = p.invoice_id
                     and f.status = 'failed' and f.created_at < p.created_at)
      group by 1, 2`),
  ]);
  const bucket = (rows: readonly DaySum[], start: Day = from, end: Day = to): Bucket => {
    let count = 0;
    let amount = 0;
    // Converted per currency and day: sum first, then one conversion per (currency, day).
    const byKey = new Map<string, { day: Day; currency: string; amount: number }>();
    for (const r of rows) {
      if (r.day < start || r.day > end) continue;
      count += r.count;
      const key = `${r.day}|${r.currency}`;
      const seen = byKey.get(key);
      if (seen) seen.amount += r.amount;
      else byKey.set(key, { day: r.day, currency: r.currency, amount: r.amount });
    }
    for (const s of byKey.values()) amount += fx.convert(s.amount, s.currency, s.day);
    return { count, amount };
  };
  const codes = new Map<string, DaySum[]>();
  for (const r of failed) (codes.get(r.code!) ?? codes.set(r.code!, []).get(r.code!)!).push(r);
  const ok = bucket(succeeded);
  const ko = bucket(failed);
  return {
    from,
    to,
    currency: fx.reportingCurrency,
    succeeded: ok,
    failed: ko,
    successRate: rate(ok.count, ko.count),
    declines: [...codes].map(([code, rows]) => ({ code, ...bucket(rows) })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    refunds: bucket(refunds),
    disputes: { ...bucket(disputes), lost: disputes.filter((d) => d.code === 'lost').reduce((s, d) => s + d.count, 0) },
    recovered: bucket(recovered),
    series: clippedPeriods(from, to, options.granularity).map((p) => {
      const s = bucket(succeeded, p.start, p.end);
      const f = bucket(failed, p.start, p.end);
      return {
        period: p.key, start: p.start, end: p.end, succeeded: s, failed: f, successRate: rate(s.count, f.count),
        refunds: bucket(refunds, p.start, p.end), disputes: bucket(disputes, p.start, p.end), recovered: bucket(recovered, p.start, p.end),
      };
    }),
  };
}
