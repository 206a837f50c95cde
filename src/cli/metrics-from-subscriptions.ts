// `revpulse metrics --subscriptions FILE`: the whole engine over a subscription file (CSV or JSON
// lines, docs/import.md) in a throw-away in-memory database, exactly as `--events` does with
// Stripe events: the file goes through runImport (the same checks, raw events, pipeline and
// ledger as `revpulse import`), and the same report code reads the figures.
import { createDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { ensureWorkspace } from '../store/workspaces-repo.js';
import { runImport } from '../ingest/import/run-import.js';
import type { ImportFormat, ImportProgress, ImportSummary } from '../ingest/import/types.js';
import { asOf } from '../read/clock.js';
import type { MonthlyReport } from '../read/periods/contract.js';
import { monthlyReport } from '../read/periods/load.js';
import { builtInFxRates, type MetricsFromEventsOptions } from './metrics-from-events.js';

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
  const store = await createDb({ kind: 'pglite', dataDir: null });
  try {
    await migrate(store);
    const workspace = await ensureWorkspace(store.db, { slug: 'cli', name: 'CLI', reportingCurrency: options.currency });
    await store.db.updateTable('workspaces').set({ preset: options.preset }).where('workspace_id', '=', workspace.id).execute();
    const summary = await runImport(store, content, {
      workspaceId: workspace.id,
      sourceName: 'subscriptions file',
      fileName: options.fileName ?? null,
      ...(options.format ? { format: options.format } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (summary.status === 'refused') throw new SubscriptionFileRefused(summary);
    if (summary.status === 'failed') throw new Error(summary.failure ?? 'the import failed');
    const reportOptions = {
      currency: options.currency,
      fxRates: options.fxRates ?? builtInFxRates(options.currency),
      strictFx: true,
      // Read now: a month after the last row's is not reported, and no scheduled change counts.
      asOf: asOf(new Date()),
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
    };
    return await monthlyReport(store.db, workspace.id, reportOptions);
  } finally {
    await store.close();
  }
}
