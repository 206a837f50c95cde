// The workspace summary (MRR, ARR, paying customers, ARPA) as the API sends it, and how a
// refetch merges into the cached copy without undoing a live update that arrived meanwhile.
import * as z from 'zod/mini';
import { currencyCodeSchema, minorUnitsSchema, timestampSchema } from '../../lib/schemas.js';

export const metricFiguresSchema = z.object({
  currency: currencyCodeSchema,
  mrr: minorUnitsSchema,
  arr: minorUnitsSchema,
  payingCustomers: z.int().check(z.nonnegative()),
  arpa: minorUnitsSchema,
});

export type MetricFigures = z.infer<typeof metricFiguresSchema>;

export const summarySchema = z.object({
  ...metricFiguresSchema.shape,
  workspace: z.object({ id: z.string(), name: z.string() }),
  asOf: timestampSchema,
  lastEventAt: z.nullable(timestampSchema),
});

export type Summary = z.infer<typeof summarySchema>;

export function summaryQueryKey(workspaceId: string): readonly ['summary', string] {
  return ['summary', workspaceId];
}

/** A workspace that has never received an event: the page shows how to connect Stripe. */
export function isEmptyWorkspace(summary: Summary): boolean {
  return summary.lastEventAt === null && summary.payingCustomers === 0 && summary.mrr === 0;
}

/**
 * A refetch can race a live update: the response may have been computed before an update that
 * reached the cache while the request was in flight. Live messages arrive in order, so an update
 * applied after the request started wins. Times are client times (the API's and the database's
 * clocks need not agree).
 */
export function mergeFetchedSummary(
  cached: Summary | undefined,
  fetched: Summary,
  timing: { cachedAt: number; fetchStartedAt: number },
): Summary {
  if (!cached || cached.workspace.id !== fetched.workspace.id) return fetched;
  if (timing.cachedAt <= timing.fetchStartedAt) return fetched;
  return { ...fetched, ...pickFigures(cached), asOf: cached.asOf };
}

export function pickFigures(source: MetricFigures): MetricFigures {
  return {
    currency: source.currency,
    mrr: source.mrr,
    arr: source.arr,
    payingCustomers: source.payingCustomers,
    arpa: source.arpa,
  };
}
