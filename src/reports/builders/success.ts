// Customer success in a report: the registry's success metrics (average health, customers and MRR
// at risk, NPS, daily active users) as KPIs against the previous period, the top expansion
// opportunities (src/read/expansion) and the highest-risk customers by MRR (the overview's at-risk
// read, src/read/success-overview). A signal that is missing (no usage feed, no survey, no score)
// makes its figure null with the reason and the section says so — never a failed report.
import type { ExpansionOpportunity } from '../../read/expansion/contract.js';
import { loadExpansion } from '../../read/expansion/load.js';
import type { MetricName } from '../../read/registry.js';
import { METRICS } from '../../read/registry.js';
import type { ReportKpi, ReportSection } from '../../read/reports/contract.js';
import { loadAtRisk, topReasonOf } from '../../read/success-overview/load.js';
import { dataPresent } from '../../read/success-overview/query.js';
import { formatCount, formatRatio } from '../render/format-value.js';
import type { BuildContext } from './context.js';
import { metricKpi, readMany, single, type Value } from './figures.js';

export const SUCCESS_METRICS = ['average_health', 'customers_at_risk', 'mrr_at_risk', 'nps', 'daily_active_users'] as const satisfies readonly MetricName[];

export const NO_USAGE = 'no product usage received yet (no tracking feed)';

/** A success metric's value with what the series cannot tell: daily active users read 0 when no
 *  usage was ever received, which is a missing feed, not an idle product. */
export function withSignals(metric: MetricName, v: Value, tracksUsage: boolean): Value {
  return metric === 'daily_active_users' && !tracksUsage ? { value: null, reason: NO_USAGE } : v;
}

/** What the section's note says about figures that are null: "Not available: NPS (no NPS responses in the period); …". */
export function missingNote(kpis: readonly ReportKpi[]): string | null {
  const missing = kpis.filter((k) => k.figure.value === null && k.figure.reason).map((k) => `${k.figure.label} (${k.figure.reason})`);
  return missing.length === 0 ? null : `Not available: ${missing.join('; ')}.`;
}

export type SuccessFigures = { section: ReportSection; values: Record<(typeof SUCCESS_METRICS)[number], Value>; previous: Record<(typeof SUCCESS_METRICS)[number], Value> };

/** The success KPIs of the report's period against the previous (equal) span. */
export async function successSection(ctx: BuildContext): Promise<SuccessFigures> {
  const [series, present] = await Promise.all([
    readMany(ctx, SUCCESS_METRICS, { from: ctx.period.from, to: ctx.period.to, granularity: ctx.granularity, compare: 'previous_period' }),
    dataPresent(ctx.db, ctx.workspace.id, ctx.period.to),
  ]);
  const vs = ctx.versus;
  const values = {} as SuccessFigures['values'];
  const previous = {} as SuccessFigures['previous'];
  for (const m of SUCCESS_METRICS) {
    values[m] = withSignals(m, single(series[m]), present.usage);
    previous[m] = withSignals(m, single(series[m], 'compare'), present.usage);
  }
  const kpis = SUCCESS_METRICS.map((m) => metricKpi(ctx, m, values[m], previous[m], vs));
  return { section: { id: 'success', title: 'Customer success', note: missingNote(kpis), blocks: [{ type: 'kpis', kpis }] }, values, previous };
}

function evidence(o: ExpansionOpportunity): string {
  const e = o.evidence;
  switch (e.kind) {
    case 'limit_near':
      return `${e.metric === '$seats' ? 'Seats' : e.metric}: ${formatCount(e.used)} of ${formatCount(e.limit)} (${formatRatio(e.ratio, { digits: 0 })})`;
    case 'multi_user_single_seat':
      return `${formatCount(e.activeUsers)} active users on a ${formatCount(e.seats)}-seat plan`;
    case 'power_user_entry_plan':
      return `${formatCount(e.powerUsers)} power ${e.powerUsers === 1 ? 'user' : 'users'} on the entry plan`;
  }
}

const KIND_LABELS: Record<ExpansionOpportunity['kind'], string> = {
  limit_near: 'Near a plan limit', multi_user_single_seat: 'More users than seats', power_user_entry_plan: 'Power users on the entry plan',
};

/** The largest expansion opportunities by MRR, as of the period's end. */
export async function opportunitiesSection(ctx: BuildContext, limit = 10): Promise<{ section: ReportSection; count: number; first: ExpansionOpportunity | null }> {
  const expansion = await loadExpansion(ctx.db, ctx.workspace.id, ctx.periodAsOf, ctx.fx);
  const top = expansion.data.slice(0, limit);
  const more = expansion.data.length > top.length ? `${expansion.data.length} opportunities at ${expansion.customers} customers; the ${top.length} largest by MRR are shown.` : null;
  const note = [...expansion.notes, ...(expansion.data.length === 0 && expansion.notes.length === 0 ? ['No expansion opportunity found.'] : [])].join(' ') || null;
  const section: ReportSection = {
    id: 'opportunities',
    title: 'Top opportunities',
    note,
    blocks: [{
      type: 'table',
      table: {
        id: 'opportunities', title: 'Expansion opportunities, largest MRR first', currency: ctx.currency,
        columns: [
          { key: 'customer', label: 'Customer', unit: 'text' },
          { key: 'plan', label: 'Plan', unit: 'text' },
          { key: 'mrr', label: 'MRR', unit: 'money' },
          { key: 'signal', label: 'Signal', unit: 'text' },
          { key: 'evidence', label: 'Evidence', unit: 'text' },
          { key: 'suggested', label: 'Suggested plan', unit: 'text' },
        ],
        rows: top.map((o) => ({ customer: o.name ?? o.customerId, plan: o.planName ?? o.planId, mrr: o.mrr, signal: KIND_LABELS[o.kind], evidence: evidence(o), suggested: o.suggestedPlan?.planName ?? null })),
        total: null,
        note: more,
      },
    }],
  };
  return { section, count: expansion.data.length, first: top[0] ?? null };
}

/** The paying customers at risk (high-risk health band or churn risk ≥ 0.5) with the most MRR. */
export async function risksSection(ctx: BuildContext, limit = 10): Promise<{ section: ReportSection; customers: number; mrr: number }> {
  const [atRisk, present] = await Promise.all([loadAtRisk(ctx.db, ctx.workspace.id, ctx.period.to, ctx.fx), dataPresent(ctx.db, ctx.workspace.id, ctx.period.to)]);
  const top = atRisk.list.slice(0, limit);
  const none = !present.health && !present.risk ? `No health or risk scores by ${ctx.period.to}: nobody can be called at risk yet.` : null;
  const more = atRisk.customers > top.length ? `${atRisk.customers} customers at risk with ${ctx.format.money(atRisk.mrr)} of MRR; the ${top.length} largest are shown.` : null;
  const section: ReportSection = {
    id: 'risks',
    title: 'Top risks',
    note: none,
    blocks: [{
      type: 'table',
      table: {
        id: 'risks', title: `${METRICS.customers_at_risk.label}, largest MRR first`, currency: ctx.currency,
        columns: [
          { key: 'customer', label: 'Customer', unit: 'text' },
          { key: 'plan', label: 'Plan', unit: 'text' },
          { key: 'mrr', label: 'MRR at risk', unit: 'money' },
          { key: 'health', label: 'Health', unit: 'score' },
          { key: 'risk', label: 'Churn risk', unit: 'ratio' },
          { key: 'reason', label: 'Top reason', unit: 'text' },
        ],
        rows: top.map((c) => ({ customer: c.name ?? c.customerId, plan: c.planName ?? c.planId, mrr: c.mrr, health: c.health?.score ?? null, risk: c.risk?.probability ?? null, reason: c.risk ? topReasonOf(c.risk.reasons) : null })),
        total: null,
        note: none ? null : atRisk.customers === 0 ? 'No paying customer is at risk.' : more,
      },
    }],
  };
  return { section, customers: atRisk.customers, mrr: atRisk.mrr };
}
