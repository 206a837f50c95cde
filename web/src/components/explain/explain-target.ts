// What a clickable figure asks the explain panel for: a metric of GET /v1/explain with its
// bounds (a level at one day, or a flow over a range), a title, and how the card's figure relates
// to the explained total when it is not the total itself. The metric names are the registry's.
import type { Day } from '../../lib/calendar.js';
import { EXPLAIN_COUNTS, EXPLAIN_LEVELS, EXPLAIN_METRICS, type ExplainLevelMetric, type ExplainMetric } from '@read/registry.js';

export { EXPLAIN_METRICS, type ExplainMetric };
export type LevelMetric = ExplainLevelMetric;

export type ExplainTarget = (
  | { metric: Exclude<LevelMetric, 'plan_mrr'>; date: Day }
  | { metric: 'plan_mrr'; date: Day; plan: string }
  | { metric: Exclude<ExplainMetric, LevelMetric>; from: Day; to: Day }
) & {
  title: string;
  /** How the card's figure relates to the explained total, when it is not the total itself
   *  ("ARR is 12 × this MRR"). */
  note?: string;
};

export const COUNT_METRICS: ReadonlySet<ExplainMetric> = new Set(EXPLAIN_COUNTS);
export const LEVEL_METRICS: ReadonlySet<ExplainMetric> = new Set(EXPLAIN_LEVELS);

/** The query parameters of GET /v1/explain for a target. */
export function explainParams(target: ExplainTarget): Record<string, string> {
  if ('date' in target) return { metric: target.metric, date: target.date, ...('plan' in target ? { plan: target.plan } : {}) };
  return { metric: target.metric, from: target.from, to: target.to };
}

export function explainKey(workspaceId: string, target: ExplainTarget): readonly unknown[] {
  return ['explain', workspaceId, explainParams(target)];
}
