// How well churn scores rank customers who went on to churn: AUC, precision of the top decile,
// and lead time (median days between a customer's first high-risk flag and its churn). Pure.
import { daysBetween, type Day } from './dates.js';

/** Area under the ROC curve (the chance that a random churner scores above a random stayer,
 *  ties counting half), or null when either class is absent. */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? 0 })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1..j share their average
    for (let k = i; k < j; k++) {
      if (order[k]!.y === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The score at or above which the top `fraction` of rows lie (the flag threshold). */
export function topFractionThreshold(scores: readonly number[], fraction: number): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => b - a);
  const take = Math.max(1, Math.ceil(sorted.length * fraction));
  return sorted[take - 1]!;
}

/** Share of churners among the `fraction` of rows with the highest scores (ties broken by the
 *  row order given, so the figure is deterministic), or null with no rows. */
export function precisionAtTop(scores: readonly number[], labels: readonly (0 | 1)[], fraction: number): number | null {
  if (scores.length === 0) return null;
  const take = Math.max(1, Math.ceil(scores.length * fraction));
  const top = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, take);
  return top.reduce((n, r) => n + (labels[r.i] ?? 0), 0) / take;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type ScoredDay = { customerId: string; day: Day; flagged: boolean };

/** For each customer that churned on `churnDay` and was flagged on a scored day in the
 *  `window` days before it, the days from its first such flag to the churn. A flag long before
 *  (outside the window) is not counted: it was not a warning of this churn. */
export function leadTimes(scored: readonly ScoredDay[], churnDays: ReadonlyMap<string, readonly Day[]>, window: number): { customerId: string; churnDay: Day; days: number }[] {
  const firstFlag = new Map<string, { churnDay: Day; days: number }>();
  for (const row of scored) {
    if (!row.flagged) continue;
    const next = (churnDays.get(row.customerId) ?? []).find((d) => d > row.day);
    if (!next) continue;
    const days = daysBetween(row.day, next);
    if (days > window) continue;
    const key = `${row.customerId}/${next}`;
    const seen = firstFlag.get(key);
    if (!seen || days > seen.days) firstFlag.set(key, { churnDay: next, days });
  }
  return [...firstFlag.entries()].map(([key, v]) => ({ customerId: key.slice(0, key.lastIndexOf('/')), ...v }));
}
