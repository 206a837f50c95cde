// What a clickable figure asks the explain panel for: a metric of GET /v1/explain with its
// bounds (a level at one day, or movements over a range), a title, and the figure exactly as the
// card shows it, so the panel can show that its lines add up to it.
import type { Day } from '../../lib/calendar.js';

export const EXPLAIN_METRICS = [
  'mrr', 'customers', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'net_new_mrr', 'fx',
  'new_customers', 'reactivated_customers', 'churned_customers',
] as const;
export type ExplainMetric = (typeof EXPLAIN_METRICS)[number];
export type LevelMetric = 'mrr' | 'customers';

export type ExplainTarget = (
  | { metric: LevelMetric; date: Day }
  | { metric: Exclude<ExplainMetric, LevelMetric>; from: Day; to: Day }
) & {
  title: string;
  /** How the card's figure relates to the explained total, when it is not the total itself
   *  ("ARR is 12 × this MRR"). */
  note?: string;
};

export const COUNT_METRICS: ReadonlySet<ExplainMetric> = new Set(['customers', 'new_customers', 'reactivated_customers', 'churned_customers']);

/** The query parameters of GET /v1/explain for a target. */
export function explainParams(target: ExplainTarget): Record<string, string> {
  return 'date' in target ? { metric: target.metric, date: target.date } : { metric: target.metric, from: target.from, to: target.to };
}

export function explainKey(workspaceId: string, target: ExplainTarget): readonly unknown[] {
  return ['explain', workspaceId, explainParams(target)];
}
