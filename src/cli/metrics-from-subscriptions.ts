// `revpulse metrics --subscriptions FILE`: the whole engine over a subscription file (CSV or JSON
// lines, docs/import.md) in a throw-away in-memory database, exactly as `--events` does with
// Stripe events: the file goes through runImport (the same checks, raw events, pipeline and
// ledger as `revpulse import`), and the same report code reads the figures.
import { runImport } from '../ingest/import/run-import.js';
import type { ImportFormat, ImportProgress, ImportSummary } from '../ingest/import/types.js';
import type { MonthlyReport } from '../read/periods/contract.js';
import { metricsInMemory, type MetricsFromEventsOptions } from './metrics-from-events.js';

/** The file had bad lines: nothing was computed. */
export class SubscriptionFileRefused extends Error {
  override readonly name = 'SubscriptionFileRefused';
  constructor(readonly summary: ImportSummary) {
    super(`the subscription file has ${summary.errorCount ?? summary.errors.length} error(s)`);
  }
}

export type MetricsFromSubscriptionsOptions = MetricsFromEventsOptions & {
  format?: ImportFormat;
  fileName?: string | null;
  onProgress?: (progress: ImportProgress) => void;
};

export async function metricsFromSubscriptions(content: string, options: MetricsFromSubscriptionsOptions): Promise<MonthlyReport> {
  return metricsInMemory(options, async (store, workspaceId) => {
    const summary = await runImport(store, content, {
      workspaceId,
      sourceName: 'subscriptions file',
      fileName: options.fileName ?? null,
      ...(options.format ? { format: options.format } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (summary.status === 'refused') throw new SubscriptionFileRefused(summary);
    if (summary.status === 'failed') throw new Error(summary.failure ?? 'the import failed');
  });
}
