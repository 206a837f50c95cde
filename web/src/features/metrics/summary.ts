// The workspace summary (GET /v1/metrics/summary) as the dashboard reads it, and how a refetch
// merges with the cached copy. The summary carries `seq`, the live-feed position its figures
// include: a message with a higher seq is newer than the figures, a lower one is already in them.
import { metricFigures, summaryResponse, type MetricFigures, type SummaryResponse } from '@read/summary/contract.js';
import type { RateValue } from '@read/contract-common.js';

export { metricFigures as metricFiguresSchema, summaryResponse as summarySchema, type MetricFigures };
export type Rate = RateValue;
export type Summary = SummaryResponse;

export function summaryQueryKey(workspaceId: string): readonly ['summary', string] {
  return ['summary', workspaceId];
}

/** A workspace that has never received an event: the page shows how to connect Stripe. */
export function isEmptyWorkspace(summary: Summary): boolean {
  return summary.lastEventAt === null && summary.payingCustomers === 0 && summary.mrr === 0;
}

/**
 * A refetch can race live messages: the cache may hold messages newer than the response. The
 * figure with the higher seq wins; on a tie the response (the server's full computation) does.
 * The last event time is the later of the two.
 */
export function mergeFetchedSummary(cached: Summary | undefined, fetched: Summary): Summary {
  if (!cached || cached.workspace.id !== fetched.workspace.id) return fetched;
  const lastEventAt = later(cached.lastEventAt, fetched.lastEventAt);
  if (fetched.seq >= cached.seq) return { ...fetched, lastEventAt };
  return { ...cached, workspace: fetched.workspace, target: fetched.target, lastEventAt };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
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
