// The Customer success overview as of an instant: over the book of paying customers on the as-of
// day, the health distribution (customers and MRR per band, a 10-point histogram), the customers
// at risk (high-risk band or churn risk ≥ 0.5) ranked by MRR at risk, the health trend over 90
// days, open alerts per rule kind, and the expansion and onboarding counts. A figure whose data is
// missing carries a note rather than a silent zero.
import type { Kysely } from 'kysely';
import { addDays } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { HEALTH_BANDS } from '../customers/contract.js';
import { loadExpansion } from '../expansion/load.js';
import { loadOnboarding } from '../onboarding/load.js';
import { loadBook, type BookEntry } from './book.js';
import type { AtRiskCustomer, FigureNote, SuccessOverviewResponse } from './contract.js';
import { dataPresent, healthByDay, latestHealth, latestRisk, openAlertsByKind, type LatestHealth, type LatestRisk } from './query.js';

export const AT_RISK_PROBABILITY = 0.5;
export const TREND_DAYS = 90;
const TOP_AT_RISK = 20;

/** The first reason of a stored risk score, worded for a person (reasons: [{ label }, …]). */
export function topReasonOf(reasons: unknown): string | null {
  if (!Array.isArray(reasons) || reasons.length === 0) return null;
  const first: unknown = reasons[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object') {
    const r = first as Record<string, unknown>;
    for (const key of ['label', 'reason', 'text', 'feature']) if (typeof r[key] === 'string') return r[key];
  }
  return null;
}

export type AtRisk = { customers: number; mrr: number; list: (BookEntry & { health: LatestHealth | null; risk: LatestRisk | null })[] };

/** Paying customers on `day` whose latest health is high risk or latest risk ≥ 0.5, largest MRR first. */
export function atRiskOf(book: Map<string, BookEntry>, health: Map<string, LatestHealth>, risk: Map<string, LatestRisk>): AtRisk {
  const list = [...book.values()]
    .map((c) => ({ ...c, health: health.get(c.customerId) ?? null, risk: risk.get(c.customerId) ?? null }))
    .filter((c) => c.health?.band === 'high_risk' || (c.risk !== null && c.risk.probability >= AT_RISK_PROBABILITY))
    .sort((a, b) => b.mrr - a.mrr || (a.customerId < b.customerId ? -1 : 1));
  return { customers: list.length, mrr: list.reduce((s, c) => s + c.mrr, 0), list };
}

/** The at-risk figures on one day (the overview's, and the series' at a period's end). */
export async function loadAtRisk(db: Kysely<Database>, workspaceId: string, day: Day, fx: FxTable | Promise<FxTable>): Promise<AtRisk> {
  const [book, health, risk] = await Promise.all([loadBook(db, workspaceId, day, fx), latestHealth(db, workspaceId, day), latestRisk(db, workspaceId, day)]);
  return atRiskOf(book, new Map(health.map((h) => [h.customerId, h])), new Map(risk.map((r) => [r.customerId, r])));
}

export async function loadSuccessOverview(db: Kysely<Database>, workspaceId: string, asOf: AsOf, fx: FxTable | Promise<FxTable>): Promise<SuccessOverviewResponse> {
  const day = asOf.day;
  const [book, healthRows, riskRows, trend, alerts, present, expansion, onboarding, table] = await Promise.all([
    loadBook(db, workspaceId, day, fx),
    latestHealth(db, workspaceId, day),
    latestRisk(db, workspaceId, day),
    healthByDay(db, workspaceId, addDays(day, -(TREND_DAYS - 1)), day),
    openAlertsByKind(db, workspaceId, asOf.at),
    dataPresent(db, workspaceId, day),
    loadExpansion(db, workspaceId, asOf, fx),
    loadOnboarding(db, workspaceId, asOf),
    fx,
  ]);
  const health = new Map(healthRows.map((h) => [h.customerId, h]));
  const risk = new Map(riskRows.map((r) => [r.customerId, r]));

  const bands = HEALTH_BANDS.map((band) => ({ band, customers: 0, mrr: 0 }));
  const unscored = { customers: 0, mrr: 0 };
  const histogram = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, customers: 0 }));
  let scoreSum = 0;
  let scored = 0;
  let partial = 0;
  for (const c of book.values()) {
    const h = health.get(c.customerId);
    if (!h || h.score === null || h.band === null) {
      unscored.customers += 1;
      unscored.mrr += c.mrr;
      continue;
    }
    const share = bands.find((b) => b.band === h.band)!;
    share.customers += 1;
    share.mrr += c.mrr;
    histogram[Math.min(9, Math.floor(h.score / 10))]!.customers += 1;
    scoreSum += h.score;
    scored += 1;
    if (h.partial) partial += 1;
  }

  const atRisk = atRiskOf(book, health, risk);
  const top: AtRiskCustomer[] = atRisk.list.slice(0, TOP_AT_RISK).map((c) => ({
    id: c.customerId, name: c.name, planId: c.planId, planName: c.planName, mrr: c.mrr,
    health: c.health ? { score: c.health.score, band: c.health.band, partial: c.health.partial } : null,
    risk: c.risk?.probability ?? null, topReason: c.risk ? topReasonOf(c.risk.reasons) : null,
  }));

  const notes: FigureNote[] = [];
  if (!present.health) notes.push({ figure: 'distribution', message: 'No health scores yet: the daily health snapshot has not run for this workspace.' });
  else if (!present.usage) notes.push({ figure: 'distribution', message: 'No product usage received yet: health uses payment and support only.' });
  if (!present.risk) notes.push({ figure: 'atRisk', message: 'No churn-risk scores yet: customers at risk are those in the high-risk health band only.' });
  if (trend.length === 0) notes.push({ figure: 'trend', message: `No health snapshots in the ${TREND_DAYS} days ending ${day}.` });
  for (const n of expansion.notes) notes.push({ figure: 'expansion', message: n });
  for (const n of onboarding.notes) notes.push({ figure: 'onboarding', message: n });

  return {
    asOf: asOf.at.toISOString(), day, currency: table.reportingCurrency,
    distribution: { bands, unscored, histogram, averageScore: scored === 0 ? null : scoreSum / scored, partial },
    atRisk: { customers: atRisk.customers, mrr: atRisk.mrr, top },
    trend,
    alerts: { open: alerts.reduce((s, a) => s + a.open, 0), byKind: alerts },
    expansion: { opportunities: expansion.data.length, customers: expansion.customers },
    onboarding: onboarding.counts,
    notes,
  };
}
