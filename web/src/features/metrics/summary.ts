// The workspace summary (GET /v1/metrics/summary) as the dashboard reads it, and how a refetch
// merges with the cached copy. The summary carries `seq`, the live-feed position its figures
// include: a message with a higher seq is newer than the figures, a lower one is already in them.
import * as z from 'zod/mini';
import { currencyCodeSchema, minorUnitsSchema, timestampSchema } from '../../lib/schemas.js';

const count = z.int().check(z.nonnegative());
const daySchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** A ratio or other computed rate; `null` with a reason when undefined (no MRR to start from…). */
export const rateSchema = z.object({ value: z.nullable(z.number()), reason: z.optional(z.string()) });
export type Rate = z.infer<typeof rateSchema>;

export const metricFiguresSchema = z.object({
  currency: currencyCodeSchema,
  mrr: minorUnitsSchema,
  arr: minorUnitsSchema,
  payingCustomers: count,
  arpa: minorUnitsSchema,
});

export type MetricFigures = z.infer<typeof metricFiguresSchema>;

export const targetSchema = z.object({
  mrrTarget: minorUnitsSchema,
  progress: z.number(),
  reached: z.boolean(),
  daysToTarget: rateSchema,
  requiredDailyGrowth: z.object({ daysLeft: count, amount: z.nullable(minorUnitsSchema), rate: z.nullable(z.number()), reason: z.optional(z.string()) }),
});

export const summarySchema = z.object({
  ...metricFiguresSchema.shape,
  workspace: z.object({ id: z.string(), name: z.string() }),
  asOf: timestampSchema,
  lastEventAt: z.nullable(timestampSchema),
  activeTrials: count,
  today: z.object({ day: daySchema, signups: count, churnedCustomers: count, revenueCollected: minorUnitsSchema }),
  growth: z.object({ mom: rateSchema, last30Days: rateSchema }),
  churnRate: rateSchema,
  trialConversion: z.object({ from: daySchema, to: daySchema, started: count, converted: count, rate: rateSchema, averageDaysToConvert: z.nullable(z.number()) }),
  target: z.nullable(targetSchema),
  seq: count,
  /** MRR in currencies no exchange rate converts yet (native minor units): left out of the figures. */
  unconverted: z.array(z.object({ currency: currencyCodeSchema, mrr: minorUnitsSchema })),
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
