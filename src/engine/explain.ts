// "Explain": the customers and movements that make up a figure, read from the customer ledger
// itself (not from the day totals the figure was computed from), converted exactly as the figure
// is (src/core/customer-breakdown.ts): lines per customer and currency sum to their currency's
// native total, and the currency groups, converted per currency (levels) or per currency, day
// and kind (movements), sum to the figure. A mismatch would show a derived table out of step.
import { sql, type Kysely } from 'kysely';
import type { FxTable } from '../core/fx.js';
import { addDays } from '../core/dates.js';
import type { Day, MovementKind } from '../core/types.js';
import type { Database } from '../store/schema.js';

export const EXPLAIN_METRICS = [
  'mrr', 'customers', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'net_new_mrr', 'fx',
  'new_customers', 'reactivated_customers', 'churned_customers',
] as const;
export type ExplainMetric = (typeof EXPLAIN_METRICS)[number];

/** Level metrics are read at the end of `to`; the others over [from, to]. */
export const LEVEL_METRICS: ReadonlySet<ExplainMetric> = new Set(['mrr', 'customers']);

export type ExplainLine = { customerId: string; name: string | null; currency: string | null; amount: number; days: string[] };
export type ExplainGroup = { currency: string | null; native: number; reporting: number };
export type Explanation = {
  metric: ExplainMetric;
  from: Day | null;
  to: Day;
  currency: string;
  total: number;
  groups: ExplainGroup[];
  lines: ExplainLine[];
  nextCursor: { customerId: string; key: string } | null;
};

export type ExplainQuery = { metric: ExplainMetric; from: Day; to: Day; fx: FxTable; limit: number; cursor: { customerId: string; key: string } | null };

const KINDS: Readonly<Record<string, readonly MovementKind[]>> = {
  new: ['new'], expansion: ['expansion'], contraction: ['contraction'], churn: ['churn'], reactivation: ['reactivation'],
  net_new_mrr: ['new', 'expansion', 'contraction', 'churn', 'reactivation'],
  new_customers: ['new'], reactivated_customers: ['reactivation'], churned_customers: ['churn'],
};

type Row = { customer_id: string; name: string | null; key: string; currency: string | null; amount: number; days: string[] };

function page(rows: Row[], limit: number): { lines: ExplainLine[]; nextCursor: Explanation['nextCursor'] } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    lines: shown.map((r) => ({ customerId: r.customer_id, name: r.name, currency: r.currency, amount: Number(r.amount), days: r.days })),
    nextCursor: rows.length > limit && last ? { customerId: last.customer_id, key: last.key } : null,
  };
}

const after = (cursor: ExplainQuery['cursor']) => (cursor ? sql`and (x.customer_id, x.key) > (${cursor.customerId}, ${cursor.key})` : sql``);

/** Each customer's latest native MRR per currency at the end of `day`, above 0. */
const latestLevels = (workspaceId: string, day: Day) => sql`(
  select distinct on (customer_id, currency) customer_id, currency, mrr, day
  from ledger_entries where workspace_id = ${workspaceId} and day <= ${day}
  order by customer_id, currency, day desc) latest`;

async function levelExplanation(db: Kysely<Database>, workspaceId: string, q: ExplainQuery): Promise<Explanation> {
  const base = { metric: q.metric, from: null, to: q.to, currency: q.fx.reportingCurrency };
  const natives = await sql<{ currency: string; native: number; customers: number }>`
    select currency, sum(mrr)::bigint as native, count(distinct customer_id)::int as customers
    from ${latestLevels(workspaceId, q.to)} where mrr > 0 group by currency order by currency`.execute(db);
  if (q.metric === 'customers') {
    const rows = await sql<Row>`
      select x.customer_id, s.name, x.key, null as currency, 1 as amount, x.days from (
        select customer_id, customer_id as key, array_agg(to_char(day, 'YYYY-MM-DD') order by currency) as days
        from ${latestLevels(workspaceId, q.to)} where mrr > 0 group by customer_id) x
      left join customer_summaries s on s.workspace_id = ${workspaceId} and s.customer_id = x.customer_id
      where true ${after(q.cursor)} order by x.customer_id limit ${q.limit + 1}`.execute(db);
    const count = await sql<{ n: number }>`select count(distinct customer_id)::int as n from ${latestLevels(workspaceId, q.to)} where mrr > 0`.execute(db);
    const n = count.rows[0]?.n ?? 0;
    return { ...base, total: n, groups: [{ currency: null, native: n, reporting: n }], ...page(rows.rows, q.limit) };
  }
  const rows = await sql<Row>`
    select x.customer_id, s.name, x.key, x.currency, x.mrr as amount, array[to_char(x.day, 'YYYY-MM-DD')] as days from (
      select customer_id, currency, currency as key, mrr, day from ${latestLevels(workspaceId, q.to)} where mrr > 0) x
    left join customer_summaries s on s.workspace_id = ${workspaceId} and s.customer_id = x.customer_id
    where true ${after(q.cursor)} order by x.customer_id, x.key limit ${q.limit + 1}`.execute(db);
  const groups = natives.rows.map((r) => ({ currency: r.currency, native: Number(r.native), reporting: q.fx.convert(Number(r.native), r.currency, q.to) }));
  return { ...base, total: groups.reduce((s, g) => s + g.reporting, 0), groups, ...page(rows.rows, q.limit) };
}

/** Per currency: Σ_day Σ_kind convert(that day's native sum of the kind) — the movement figures' conversion. */
async function convertedMovements(db: Kysely<Database>, workspaceId: string, kinds: readonly MovementKind[], from: Day, to: Day, fx: FxTable): Promise<ExplainGroup[]> {
  const sums = await sql<{ currency: string; day: string; amount: number }>`
    select currency, to_char(day, 'YYYY-MM-DD') as day, sum(delta)::bigint as amount from ledger_entries
    where workspace_id = ${workspaceId} and day >= ${from} and day <= ${to} and movement in (${sql.join(kinds)})
    group by currency, day, movement`.execute(db);
  const groups = new Map<string, ExplainGroup>();
  for (const r of sums.rows) {
    const g = groups.get(r.currency) ?? groups.set(r.currency, { currency: r.currency, native: 0, reporting: 0 }).get(r.currency)!;
    g.native += Number(r.amount);
    if (Number(r.amount) !== 0) g.reporting += fx.convert(Number(r.amount), r.currency, r.day);
  }
  return [...groups.values()].sort((a, b) => (a.currency! < b.currency! ? -1 : 1));
}

async function movementExplanation(db: Kysely<Database>, workspaceId: string, q: ExplainQuery): Promise<Explanation> {
  const kinds = KINDS[q.metric]!;
  const base = { metric: q.metric, from: q.from, to: q.to, currency: q.fx.reportingCurrency };
  const inRange = sql`workspace_id = ${workspaceId} and day >= ${q.from} and day <= ${q.to} and movement in (${sql.join(kinds)})`;
  if (q.metric.endsWith('_customers')) {
    // Customer-day events: one line per customer, amount = the number of its events.
    const rows = await sql<Row>`
      select x.customer_id, s.name, x.key, null as currency, x.amount, x.days from (
        select customer_id, customer_id as key, count(distinct day)::int as amount, array_agg(distinct to_char(day, 'YYYY-MM-DD')) as days
        from ledger_entries where ${inRange} group by customer_id) x
      left join customer_summaries s on s.workspace_id = ${workspaceId} and s.customer_id = x.customer_id
      where true ${after(q.cursor)} order by x.customer_id limit ${q.limit + 1}`.execute(db);
    const count = await sql<{ n: number }>`select count(*)::int as n from (select distinct customer_id, day from ledger_entries where ${inRange}) e`.execute(db);
    const n = count.rows[0]?.n ?? 0;
    return { ...base, total: n, groups: [{ currency: null, native: n, reporting: n }], ...page(rows.rows, q.limit) };
  }
  const rows = await sql<Row>`
    select x.customer_id, s.name, x.key, x.currency, x.amount, x.days from (
      select customer_id, currency, currency as key, sum(delta)::bigint as amount, array_agg(to_char(day, 'YYYY-MM-DD') order by day) as days
      from ledger_entries where ${inRange} group by customer_id, currency) x
    left join customer_summaries s on s.workspace_id = ${workspaceId} and s.customer_id = x.customer_id
    where x.amount <> 0 ${after(q.cursor)} order by x.customer_id, x.key limit ${q.limit + 1}`.execute(db);
  const groups = await convertedMovements(db, workspaceId, kinds, q.from, q.to, q.fx);
  return { ...base, total: groups.reduce((s, g) => s + g.reporting, 0), groups, ...page(rows.rows, q.limit) };
}

/** FX: per currency, the change of its converted level that no movement explains. No lines. */
async function fxExplanation(db: Kysely<Database>, workspaceId: string, q: ExplainQuery): Promise<Explanation> {
  const level = async (day: Day) => {
    const rows = await sql<{ currency: string; native: number }>`
      select currency, sum(mrr)::bigint as native from ${latestLevels(workspaceId, day)} group by currency`.execute(db);
    return new Map(rows.rows.map((r) => [r.currency, Number(r.native)]));
  };
  const before = addDays(q.from, -1);
  const [start, end, moves] = await Promise.all([level(before), level(q.to), convertedMovements(db, workspaceId, KINDS.net_new_mrr!, q.from, q.to, q.fx)]);
  const currencies = [...new Set([...start.keys(), ...end.keys(), ...moves.map((m) => m.currency!)])].sort();
  const groups: ExplainGroup[] = [];
  for (const currency of currencies) {
    const conv = (amount: number, day: Day) => (amount === 0 ? 0 : q.fx.convert(amount, currency, day));
    const reporting = conv(end.get(currency) ?? 0, q.to) - conv(start.get(currency) ?? 0, before) - (moves.find((m) => m.currency === currency)?.reporting ?? 0);
    if (reporting !== 0) groups.push({ currency, native: 0, reporting });
  }
  return { metric: q.metric, from: q.from, to: q.to, currency: q.fx.reportingCurrency, total: groups.reduce((s, g) => s + g.reporting, 0), groups, lines: [], nextCursor: null };
}

export async function explain(db: Kysely<Database>, workspaceId: string, q: ExplainQuery): Promise<Explanation> {
  if (LEVEL_METRICS.has(q.metric)) return levelExplanation(db, workspaceId, q);
  if (q.metric === 'fx') return fxExplanation(db, workspaceId, q);
  return movementExplanation(db, workspaceId, q);
}
