// The weekly business review of an ISO week: the MRR analysis (the week's movements against the
// previous week's — GET /v1/metrics/movements?granularity=week — MRR by plan at both ends, and the
// week's largest movers from the explain read), customer success (the registry's success metrics),
// the top expansion opportunities and the highest-risk customers by MRR.
import { mrrSentence, successSentence } from '../../core/report-summary.js';
import type { Day } from '../../core/types.js';
import { loadMrrByPlan } from '../../read/breakdowns/load.js';
import type { MovementPeriod } from '../../read/periods/contract.js';
import { loadMovements } from '../../read/periods/load.js';
import type { ExplainMetric } from '../../read/registry.js';
import type { ReportRow, ReportSection } from '../../read/reports/contract.js';
import type { BuildContext, BuiltReport } from './context.js';
import { metricKpi, type Value } from './figures.js';
import { explainByCustomer } from './movers.js';
import { opportunitiesSection, risksSection, successSection } from './success.js';

const MOVERS: readonly { metric: ExplainMetric; label: string }[] = [
  { metric: 'new', label: 'New' }, { metric: 'expansion', label: 'Expansion' }, { metric: 'contraction', label: 'Contraction' }, { metric: 'churn', label: 'Churn' },
];
const MOVERS_EACH = 5;

/** One row of GET /v1/metrics/movements for [from, to] at the report's granularity. */
export async function movementsOf(ctx: BuildContext, from: Day, to: Day): Promise<MovementPeriod | null> {
  const answer = await loadMovements(ctx.db, ctx.workspace.id, { from, to, granularity: ctx.granularity, currency: ctx.currency, fx: ctx.fx, asOf: ctx.asOf });
  return answer.periods.length === 1 ? answer.periods[0]! : null;
}

const v = (value: number | undefined | null): Value => ({ value: value ?? null });

function movementRows(now: MovementPeriod | null, before: MovementPeriod | null): ReportRow[] {
  const line = (movement: string, pick: (p: MovementPeriod) => number): ReportRow => {
    const a = now ? pick(now) : null;
    const b = before ? pick(before) : null;
    return { movement, period: a, previous: b, difference: a === null || b === null ? null : a - b };
  };
  return [
    line('MRR at the start', (p) => p.mrrStart),
    line('New', (p) => p.movements.new),
    line('Expansion', (p) => p.movements.expansion),
    line('Contraction', (p) => p.movements.contraction),
    line('Churn', (p) => p.movements.churn),
    line('Reactivation', (p) => p.movements.reactivation),
    line('FX', (p) => p.movements.fx),
    line('Net new MRR', (p) => p.netNewMrr),
    line('MRR at the end', (p) => p.mrr),
  ];
}

export async function buildWeekly(ctx: BuildContext): Promise<BuiltReport> {
  const { period, previous } = ctx;
  const [now, before, plans, plansBefore, movers, success, opportunities, risks] = await Promise.all([
    movementsOf(ctx, period.from, period.to),
    movementsOf(ctx, previous.from, previous.to),
    loadMrrByPlan(ctx.db, ctx.workspace.id, { date: period.to, asOf: ctx.asOf, fx: ctx.fx }),
    loadMrrByPlan(ctx.db, ctx.workspace.id, { date: previous.to, asOf: ctx.asOf, fx: ctx.fx }),
    Promise.all(MOVERS.map((m) => explainByCustomer(ctx, m.metric, period.from, period.to))),
    successSection(ctx),
    opportunitiesSection(ctx),
    risksSection(ctx),
  ]);
  const vs = ctx.versus;
  const kpis = [
    metricKpi(ctx, 'mrr', v(now?.mrr), v(before?.mrr), vs),
    metricKpi(ctx, 'net_new_mrr', v(now?.netNewMrr), v(before?.netNewMrr), vs),
    metricKpi(ctx, 'new', v(now?.movements.new), v(before?.movements.new), vs),
    metricKpi(ctx, 'expansion', v(now?.movements.expansion), v(before?.movements.expansion), vs),
    metricKpi(ctx, 'contraction', v(now?.movements.contraction), v(before?.movements.contraction), vs),
    metricKpi(ctx, 'churn', v(now?.movements.churn), v(before?.movements.churn), vs),
    metricKpi(ctx, 'new_customers', v(now?.newCustomers), v(before?.newCustomers), vs),
    metricKpi(ctx, 'churned_customers', v(now?.churnedCustomers), v(before?.churnedCustomers), vs),
  ];

  const previousPlans = new Map(plansBefore.plans.map((p) => [p.planId, p]));
  const planIds = [...plans.plans.map((p) => p.planId), ...plansBefore.plans.filter((p) => !plans.plans.some((q) => q.planId === p.planId)).map((p) => p.planId)];
  const planRows: ReportRow[] = planIds.map((id) => {
    const p = plans.plans.find((q) => q.planId === id);
    const b = previousPlans.get(id);
    return { plan: p?.planName ?? b?.planName ?? id, customers: p?.customers ?? 0, mrr: p?.mrr ?? 0, share: p?.share ?? null, change: (p?.mrr ?? 0) - (b?.mrr ?? 0) };
  });

  const moverRows: ReportRow[] = MOVERS.flatMap((m, i) => movers[i]!.customers.slice(0, MOVERS_EACH).map((c) => ({ movement: m.label, customer: c.name, amount: c.amount })));

  const mrrSection: ReportSection = {
    id: 'mrr',
    title: 'MRR analysis',
    note: null,
    blocks: [
      { type: 'kpis', kpis },
      {
        type: 'table',
        table: {
          id: 'movements', title: 'MRR movements: this week against the previous', currency: ctx.currency,
          columns: [
            { key: 'movement', label: 'Movement', unit: 'text' },
            { key: 'period', label: period.label, unit: 'money' },
            { key: 'previous', label: previous.label, unit: 'money' },
            { key: 'difference', label: 'Difference', unit: 'money' },
          ],
          rows: movementRows(now, before), total: null, note: null,
        },
      },
      {
        type: 'table',
        table: {
          id: 'mrr-by-plan', title: `MRR by plan at the end of the week`, currency: ctx.currency,
          columns: [
            { key: 'plan', label: 'Plan', unit: 'text' },
            { key: 'customers', label: 'Customers', unit: 'count' },
            { key: 'mrr', label: 'MRR', unit: 'money' },
            { key: 'share', label: 'Share', unit: 'ratio' },
            { key: 'change', label: 'Change on the week', unit: 'money' },
          ],
          rows: planRows,
          total: { plan: 'Total', customers: planRows.reduce((s, r) => s + Number(r.customers), 0), mrr: plans.mrr, share: plans.mrr === 0 ? null : 1, change: plans.mrr - plansBefore.mrr },
          note: planRows.length === 0 ? 'No MRR on any plan.' : null,
        },
      },
      {
        type: 'table',
        table: {
          id: 'largest-movers', title: `The week's largest movers (up to ${MOVERS_EACH} of each movement)`, currency: ctx.currency,
          columns: [
            { key: 'movement', label: 'Movement', unit: 'text' },
            { key: 'customer', label: 'Customer', unit: 'text' },
            { key: 'amount', label: 'MRR change', unit: 'money' },
          ],
          rows: moverRows, total: null, note: moverRows.length === 0 ? 'No new, expansion, contraction or churn movement this week.' : null,
        },
      },
    ],
  };

  const value = (i: number) => kpis[i]!.figure.value;
  const weekWords = `in week ${period.key.slice(6)}`;
  const summary = [
    mrrSentence({ when: weekWords, mrr: value(0), previous: kpis[0]!.previous, movements: now && !ctx.fxGap ? now.movements : null }, ctx.format),
    successSentence({
      averageHealth: success.values.average_health.value, previousHealth: success.previous.average_health.value,
      atRisk: success.values.customers_at_risk.value, mrrAtRisk: ctx.fxGap ? null : success.values.mrr_at_risk.value, nps: success.values.nps.value, previousLabel: 'the week before',
    }, ctx.format),
    opportunities.first ? `${opportunities.count} expansion ${opportunities.count === 1 ? 'opportunity' : 'opportunities'}; the largest: ${opportunities.first.name ?? opportunities.first.customerId}${opportunities.first.suggestedPlan ? ` (to ${opportunities.first.suggestedPlan.planName})` : ''}.` : null,
  ].filter((s): s is string => s !== null);

  return {
    title: `Weekly business review — ${period.label}`,
    summary,
    sections: [mrrSection, success.section, opportunities.section, risks.section],
  };
}
