// A plan's limits as typed in Settings → Plan limits, checked before saving: a metric name, a
// positive number, one limit per metric. Pure.
import type { LimitPeriodName } from '@read/limits/contract.js';

export type LimitInput = { metric: string; limit: string; period: LimitPeriodName };

export function limitProblems(rows: readonly LimitInput[]): { limits: { metric: string; limit: number; period: LimitPeriodName }[] | null; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const limits = rows.map((r, i) => {
    const metric = r.metric.trim();
    const limit = Number(r.limit.replace(/[\s,_]/g, ''));
    if (!metric) problems.push(`Row ${i + 1}: name the metric (a tracked event, or $seats).`);
    else if (metric.length > 200) problems.push(`Row ${i + 1}: the metric name is longer than 200 characters.`);
    else if (seen.has(metric)) problems.push(`Row ${i + 1}: ${metric} has a limit already.`);
    if (r.limit.trim() === '' || !Number.isFinite(limit) || limit <= 0) problems.push(`Row ${i + 1}: the limit must be a number above 0.`);
    seen.add(metric);
    return { metric, limit, period: r.period };
  });
  return { limits: problems.length === 0 ? limits : null, problems };
}
