// The daily e-mail's urgent alerts: the alerts open at the as-of instant (src/read/alerts), the
// most severe first. Alerts have no severity of their own; a report ranks them by what is at stake
// soonest — a failed payment (revenue leaving now), a high churn risk, a low health score, a usage
// drop, a trial ending unused, a plan limit near (an opportunity more than a threat) — then by the
// customer's MRR, then newest first.
import type { AlertRuleKind, AlertItem } from '../../read/alerts/contract.js';
import { loadAlertPage, type AlertCursor } from '../../read/alerts/load.js';
import type { ReportSection } from '../../read/reports/contract.js';
import type { BuildContext } from './context.js';

export const ALERT_SEVERITY: Record<AlertRuleKind, number> = {
  payment_failed: 0, risk_above: 1, health_below: 2, usage_drop: 3, trial_ending_inactive: 4, limit_near: 5,
};

const PAGE = 500;
/** More open alerts than this are counted, not ranked (the demo has ~500). */
const RANKED = 5000;

export type UrgentAlerts = { section: ReportSection; open: number; first: { rule: string; customer: string } | null };

type Ranked = AlertItem & { reportingMrr: number };

function bySeverity(a: Ranked, b: Ranked): number {
  return ALERT_SEVERITY[a.rule.kind] - ALERT_SEVERITY[b.rule.kind] || b.reportingMrr - a.reportingMrr || b.openedAt.localeCompare(a.openedAt) || (a.id < b.id ? -1 : 1);
}

export async function urgentAlerts(ctx: BuildContext, limit = 10): Promise<UrgentAlerts> {
  const filters = { status: ['open'] as const, openedBy: ctx.asOf.at };
  const items: AlertItem[] = [];
  let cursor: AlertCursor | null = null;
  let total = 0;
  do {
    const page: Awaited<ReturnType<typeof loadAlertPage>> = await loadAlertPage(ctx.db, ctx.workspace.id, filters, PAGE, cursor);
    total = page.total;
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < RANKED);
  const ranked = items
    .map((a): Ranked => ({ ...a, reportingMrr: a.customer.currency ? ctx.fx.convert(a.customer.mrr, a.customer.currency, ctx.asOf.day) : 0 }))
    .sort(bySeverity)
    .slice(0, limit);
  const shown = ranked.length < total ? `${total} open alerts; the ${ranked.length} most urgent are shown (failed payments first, then churn risk, health, usage, trials, limits; larger customers first).` : null;
  const section: ReportSection = {
    id: 'alerts',
    title: 'Urgent alerts',
    note: null,
    blocks: [{
      type: 'table',
      table: {
        id: 'alerts',
        title: 'Open alerts, most urgent first',
        currency: ctx.currency,
        columns: [
          { key: 'alert', label: 'Alert', unit: 'text' },
          { key: 'customer', label: 'Customer', unit: 'text' },
          { key: 'why', label: 'Why', unit: 'text' },
          { key: 'mrr', label: 'MRR', unit: 'money' },
          { key: 'opened', label: 'Opened', unit: 'date' },
        ],
        rows: ranked.map((a) => ({
          alert: a.rule.name,
          customer: a.customer.name ?? a.customer.id,
          why: a.evidence.sentence || null,
          mrr: a.reportingMrr,
          opened: a.openedAt.slice(0, 10),
        })),
        total: null,
        note: total === 0 ? 'No open alerts.' : shown,
      },
    }],
  };
  const top = ranked[0];
  return { section, open: total, first: top ? { rule: top.rule.name, customer: top.customer.name ?? top.customer.id } : null };
}
