// The segmentation grid: per segment (the workspace's own, else the built-in ones), its customers
// — exactly those GET /v1/customers lists with the segment's filters, read today — the paying
// ones' MRR and ARPU, the monthly customer churn rate of its customers over the last 6 months
// (their paying spells, src/read/ltv-by-plan), LTV = ARPU / that rate, the average churn risk of
// its scored customers and its health band mix.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { listSegments, type StoredSegment } from '../../store/segments-repo.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { AsOf } from '../clock.js';
import type { CustomerFilterSet } from '../customers/contract.js';
import { refreshDueSummaries } from '../customers/load.js';
import { matchingCustomerFacts, type CustomerFilters } from '../customers/query.js';
import { churnWindow, ltvOf, monthlyChurnRate } from '../ltv-by-plan/load.js';
import { spellsOverlapping } from '../ltv-by-plan/query.js';
import { BUILT_IN_SEGMENTS } from './builtin.js';
import type { Segment, SegmentFigures, SegmentsResponse } from './contract.js';

export const RISK_LEVEL_FLOORS = { medium: 0.2, high: 0.5 } as const;

export function riskLevelOf(average: number | null): SegmentFigures['riskLevel'] {
  if (average === null) return null;
  return average >= RISK_LEVEL_FLOORS.high ? 'high' : average >= RISK_LEVEL_FLOORS.medium ? 'medium' : 'low';
}

export function segmentView(s: StoredSegment): Segment {
  return { id: s.id, name: s.name, filters: s.filters as CustomerFilterSet, action: s.action, position: s.position, builtIn: false, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

/** The grid as of `asOf` (today: the customers list reads today's summaries). `toFilters` turns a
 *  segment's stored filters into the read side's (the route's validation). */
export async function loadSegments(db: Kysely<Database>, workspace: Workspace, asOf: AsOf, toFilters: (filters: CustomerFilterSet) => CustomerFilters, now: Date): Promise<SegmentsResponse> {
  await refreshDueSummaries(db, workspace, now);
  const own = await listSegments(db, workspace.id);
  const segments = own.length > 0 ? own.map(segmentView) : [...BUILT_IN_SEGMENTS];
  const w = churnWindow(asOf.day);
  const spells = await spellsOverlapping(db, workspace.id, w.from, w.to);
  const data = await Promise.all(segments.map(async (segment) => {
    const facts = await matchingCustomerFacts(db, workspace.id, toFilters(segment.filters), asOf.day);
    const members = new Set(facts.map((f) => f.customerId));
    const paying = facts.filter((f) => f.mrr > 0);
    const mrr = paying.reduce((s, f) => s + f.mrr, 0);
    const arpu = paying.length === 0 ? null : Math.round(mrr / paying.length);
    const churn = monthlyChurnRate(spells.filter((s) => members.has(s.customerId)), w);
    const { ltv, note } = ltvOf(arpu, churn.rate, churn.churned);
    const risks = facts.flatMap((f) => (f.risk === null ? [] : [f.risk]));
    const averageRisk = risks.length === 0 ? null : risks.reduce((s, r) => s + r, 0) / risks.length;
    const band = (b: string) => facts.filter((f) => f.band === b).length;
    const figures: SegmentFigures = {
      customers: facts.length, payingCustomers: paying.length, mrr, arpu, churnRate: churn.rate, ltv, ...(note ? { ltvNote: note } : {}),
      averageRisk, riskLevel: riskLevelOf(averageRisk),
      health: { high_risk: band('high_risk'), medium: band('medium'), healthy: band('healthy'), unscored: facts.filter((f) => f.band === null).length },
    };
    return { ...segment, figures };
  }));
  return { asOf: asOf.at.toISOString(), day: asOf.day, currency: workspace.reportingCurrency, builtIn: own.length === 0, data };
}
