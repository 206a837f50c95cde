// The customer-success screens' tables and charts as exports (export.ts): which rows each panel's
// file holds, which columns are money (CsvMoney), ratios or scores, and their headings. Pure
// shaping of the views' answers (src/read/*/contract.ts) — no figure is computed here.
import type { AlertItem } from '../../read/alerts/contract.js';
import type { ExpansionResponse } from '../../read/expansion/contract.js';
import type { LtvByPlanResponse } from '../../read/ltv-by-plan/contract.js';
import type { NpsResponse } from '../../read/nps/contract.js';
import type { OnboardingResponse } from '../../read/onboarding/contract.js';
import type { SegmentsResponse } from '../../read/segments/contract.js';
import type { SuccessOverviewResponse } from '../../read/success-overview/contract.js';
import type { SupportTicket } from '../../read/support/contract.js';
import type { UsageResponse } from '../../read/usage/contract.js';
import type { ExportInput } from '../export.js';

/** An export's description without its rows' source (the route adds the request's details). */
export type ExportTable = Omit<ExportInput, 'rows'> & { rows: readonly unknown[] };

export const OVERVIEW_TABLES = ['atRisk', 'distribution', 'trend', 'alerts'] as const;
export type OverviewTable = (typeof OVERVIEW_TABLES)[number];

export function overviewExport(body: SuccessOverviewResponse, table: OverviewTable): ExportTable {
  const asOfDay = { from: body.day, to: body.day };
  switch (table) {
    case 'atRisk':
      return {
        filename: 'customers-at-risk', title: 'Customers at risk', period: asOfDay,
        rows: body.atRisk.top.map((c) => ({ name: c.name, id: c.id, planName: c.planName, mrr: c.mrr, health: c.health?.score ?? null, band: c.health?.band ?? null, risk: c.risk, topReason: c.topReason })),
        columns: ['name', 'id', 'planName', 'mrr', 'health', 'band', 'risk', 'topReason'],
        money: { currency: body.currency, columns: ['mrr'] },
        units: { health: 'score', risk: 'ratio' },
        labels: { name: 'Customer', id: 'Customer ID', planName: 'Plan', mrr: 'MRR at risk', band: 'Health band', risk: 'Churn risk', topReason: 'Top reason' },
      };
    case 'distribution':
      return {
        filename: 'health-distribution', title: 'Health distribution', period: asOfDay,
        rows: [...body.distribution.bands.map((b) => ({ band: b.band, customers: b.customers, mrr: b.mrr })), { band: 'unscored', ...body.distribution.unscored }],
        columns: ['band', 'customers', 'mrr'],
        money: { currency: body.currency, columns: ['mrr'] },
        labels: { band: 'Health band', customers: 'Paying customers' },
      };
    case 'trend':
      return {
        filename: 'health-trend', title: 'Health trend', ...(body.trend.length > 0 ? { period: { from: body.trend[0]!.day, to: body.trend.at(-1)!.day } } : { period: asOfDay }),
        rows: body.trend, money: null, columns: ['day', 'averageScore', 'scored', 'high_risk', 'medium', 'healthy'],
        units: { averageScore: 'score' },
        labels: { scored: 'Scored customers', high_risk: 'High risk', medium: 'Medium', healthy: 'Healthy' },
      };
    case 'alerts':
      return { filename: 'open-alerts', title: 'Open alerts by kind', period: asOfDay, rows: body.alerts.byKind, money: null, columns: ['kind', 'open'], labels: { kind: 'Alert kind', open: 'Open alerts' } };
  }
}

export function expansionExport(body: ExpansionResponse): ExportTable {
  return {
    filename: 'expansion-opportunities', title: 'Expansion opportunities', period: { from: body.day, to: body.day },
    rows: body.data.map((o) => {
      const e = o.evidence;
      return {
        name: o.name, customerId: o.customerId, planName: o.planName, mrr: o.mrr, kind: o.kind,
        metric: e.kind === 'limit_near' ? e.metric : null, used: e.kind === 'limit_near' ? e.used : null, limit: e.kind === 'limit_near' ? e.limit : null, ratio: e.kind === 'limit_near' ? e.ratio : null,
        activeUsers: e.kind === 'multi_user_single_seat' ? e.activeUsers : null, seats: e.kind === 'multi_user_single_seat' ? e.seats : null,
        powerUsers: e.kind === 'power_user_entry_plan' ? e.powerUsers : null,
        suggestedPlan: o.suggestedPlan?.planName ?? null,
      };
    }),
    columns: ['name', 'customerId', 'planName', 'mrr', 'kind', 'metric', 'used', 'limit', 'ratio', 'activeUsers', 'seats', 'powerUsers', 'suggestedPlan'],
    money: { currency: body.currency, columns: ['mrr'] },
    units: { ratio: 'ratio' },
    labels: { name: 'Customer', customerId: 'Customer ID', planName: 'Plan', kind: 'Opportunity', metric: 'Limit', ratio: 'Share of limit', activeUsers: 'Active users (30 days)', powerUsers: 'Power users', suggestedPlan: 'Suggested plan' },
  };
}

export function onboardingExport(body: OnboardingResponse): ExportTable {
  const labels: Record<string, string> = { name: 'Customer', customerId: 'Customer ID', planName: 'Plan', signupDay: 'Signed up', completed: 'Milestones reached', lastProgressDay: 'Last progress' };
  for (const m of body.milestones) labels[`milestone.${m.key}`] = m.label;
  return {
    filename: 'onboarding', title: 'Onboarding', period: { from: body.day, to: body.day },
    rows: body.customers.map((c) => {
      const reached = new Map(c.milestones.map((m) => [m.key, m.reachedDay]));
      return {
        name: c.name, customerId: c.customerId, planName: c.planName, signupDay: c.signupDay, completed: c.completed,
        milestone: Object.fromEntries(body.milestones.map((m) => [m.key, reached.get(m.key) ?? null])),
        lastProgressDay: c.lastProgressDay, stuck: c.stuck, linked: c.linked,
      };
    }),
    money: null,
    columns: ['name', 'customerId', 'planName', 'signupDay', 'completed', ...body.milestones.map((m) => `milestone.${m.key}`), 'lastProgressDay', 'stuck', 'linked'],
    labels,
    units: Object.fromEntries(body.milestones.map((m) => [`milestone.${m.key}`, 'date' as const])),
  };
}

export function npsExport(body: NpsResponse): ExportTable {
  return {
    filename: 'nps-trend', title: 'NPS trend', period: { from: body.from, to: body.to },
    rows: body.periods.map(({ period, start, end, responses, promoters, passives, detractors, nps, note }) => ({ period, start, end, responses, promoters, passives, detractors, nps, note: note ?? null })),
    money: null,
    columns: ['period', 'start', 'end', 'responses', 'promoters', 'passives', 'detractors', 'nps', 'note'],
    units: { nps: 'score' },
    labels: { nps: 'NPS', responses: 'Respondents' },
  };
}

export const USAGE_TABLES = ['plans', 'dau', 'adoption'] as const;
export type UsageTable = (typeof USAGE_TABLES)[number];

export function usageExport(body: UsageResponse, table: UsageTable): ExportTable {
  const period = { from: body.from, to: body.to };
  switch (table) {
    case 'dau':
      return {
        filename: 'daily-active-users', title: 'Daily active users', period,
        rows: body.periods.map(({ period: key, start, end, activeUsers, averageDailyActiveUsers, totalUsage }) => ({ period: key, start, end, activeUsers, averageDailyActiveUsers, totalUsage })),
        money: null, columns: ['period', 'start', 'end', 'activeUsers', 'averageDailyActiveUsers', 'totalUsage'], labels: { averageDailyActiveUsers: 'Daily active users (average)' },
      };
    case 'plans':
      return {
        filename: 'usage-by-plan', title: 'Usage per user by plan', period,
        rows: body.periods.flatMap((p) => p.plans.map((plan) => ({ period: p.period, start: p.start, end: p.end, planName: plan.planName ?? plan.planId ?? 'No plan', ...withoutPlan(plan) }))),
        money: null, columns: ['period', 'start', 'end', 'planName', 'activeUsers', 'averageDailyActiveUsers', 'activeAccounts', 'totalUsage', 'averageUsagePerUser'],
        labels: { planName: 'Plan', averageDailyActiveUsers: 'Daily active users (average)', averageUsagePerUser: 'Usage per user' },
      };
    case 'adoption':
      return {
        filename: 'feature-adoption', title: 'Feature adoption', period,
        rows: body.adoption.flatMap((plan) => plan.features.map((f) => ({ planName: plan.planName ?? plan.planId ?? 'No plan', activeAccounts: plan.activeAccounts, feature: f.event, accounts: f.accounts, share: f.share }))),
        money: null, columns: ['planName', 'activeAccounts', 'feature', 'accounts', 'share'], units: { share: 'ratio' }, labels: { planName: 'Plan', activeAccounts: 'Active accounts on the plan', accounts: 'Accounts that used it', share: 'Adoption' },
      };
  }
}

function withoutPlan<T extends { planId: unknown; planName: unknown }>(plan: T): Omit<T, 'planId' | 'planName'> {
  const { planId: _id, planName: _name, ...rest } = plan;
  return rest;
}

export function ltvByPlanExport(body: LtvByPlanResponse): ExportTable {
  return {
    filename: 'ltv-by-plan', title: 'LTV by plan', period: { from: body.window.from, to: body.window.to },
    rows: body.plans.map((p) => ({ planName: p.planName, planId: p.planId, customers: p.customers, mrr: p.mrr, arpa: p.arpa, churned: p.churned, customerMonths: p.customerMonths, churnRate: p.churnRate, ltv: p.ltv, note: p.note ?? null })),
    columns: ['planName', 'planId', 'customers', 'mrr', 'arpa', 'churned', 'customerMonths', 'churnRate', 'ltv', 'note'],
    money: { currency: body.currency, columns: ['mrr', 'arpa', 'ltv'] },
    units: { churnRate: 'ratio' },
    labels: { planName: 'Plan', planId: 'Plan ID', customers: 'Paying customers', churned: 'Churned', churnRate: 'Churn rate (monthly)' },
  };
}

export function segmentsExport(body: SegmentsResponse): ExportTable {
  return {
    filename: 'segments', title: 'Segments', period: { from: body.day, to: body.day },
    rows: body.data.map((s) => ({
      name: s.name, customers: s.figures.customers, payingCustomers: s.figures.payingCustomers, mrr: s.figures.mrr, arpu: s.figures.arpu, churnRate: s.figures.churnRate,
      ltv: s.figures.ltv, averageRisk: s.figures.averageRisk, riskLevel: s.figures.riskLevel, health: s.figures.health, action: s.action,
    })),
    columns: ['name', 'customers', 'payingCustomers', 'mrr', 'arpu', 'churnRate', 'ltv', 'averageRisk', 'riskLevel', 'health.high_risk', 'health.medium', 'health.healthy', 'health.unscored', 'action'],
    money: { currency: body.currency, columns: ['mrr', 'arpu', 'ltv'] },
    units: { churnRate: 'ratio', averageRisk: 'ratio' },
    labels: { name: 'Segment', churnRate: 'Churn rate (monthly)', averageRisk: 'Average churn risk', 'health.high_risk': 'High risk', 'health.medium': 'Medium health', 'health.healthy': 'Healthy', 'health.unscored': 'Unscored', action: 'Suggested action' },
  };
}

/** An alert as an export row: the customer's MRR in its own currency, the evidence's sentence. */
export function alertRow(a: AlertItem) {
  return {
    openedAt: a.openedAt, status: a.status, rule: a.rule.name, kind: a.rule.kind, customer: a.customer.name, customerId: a.customer.id,
    mrr: a.customer.mrr, currency: a.customer.currency, evidence: a.evidence.sentence, assignee: a.assignee?.email ?? null, clearedAt: a.clearedAt, snoozedUntil: a.snoozedUntil,
  };
}
export const ALERT_EXPORT = {
  filename: 'alerts', title: 'Alerts',
  columns: ['openedAt', 'status', 'rule', 'kind', 'customer', 'customerId', 'mrr', 'currency', 'evidence', 'assignee', 'clearedAt', 'snoozedUntil'],
  money: { currency: { column: 'currency' }, columns: ['mrr'] },
  labels: { openedAt: 'Opened at', kind: 'Rule kind', customerId: 'Customer ID', mrr: 'Customer MRR', evidence: 'Why', clearedAt: 'Cleared at', snoozedUntil: 'Snoozed until' },
} as const satisfies Omit<ExportTable, 'rows'>;

export function ticketRow(t: SupportTicket) {
  return { openedAt: t.openedAt, subject: t.subject, status: t.status, priority: t.priority, customerId: t.customerId, email: t.email, firstResponseAt: t.firstResponseAt, closedAt: t.closedAt, satisfaction: t.satisfaction, id: t.id };
}
export const TICKET_EXPORT = {
  filename: 'support-tickets', title: 'Support tickets', money: null,
  columns: ['openedAt', 'subject', 'status', 'priority', 'customerId', 'email', 'firstResponseAt', 'closedAt', 'satisfaction', 'id'],
  labels: { openedAt: 'Opened at', customerId: 'Customer ID', firstResponseAt: 'First response at', closedAt: 'Closed at', satisfaction: 'Satisfaction (1–5)', id: 'Ticket ID' },
} as const satisfies Omit<ExportTable, 'rows'>;
