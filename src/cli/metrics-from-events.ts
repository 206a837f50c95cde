// `revpulse metrics --events FILE`: the whole engine over a file of Stripe events, in a
// throw-away in-memory database (nothing written to disk, no server), through the same
// pipeline and the same report code as the running product.
import { DEMO_FX_RATES } from '../core/fx.js';
import type { FxRate, PresetName } from '../core/types.js';
import { createLogger } from '../logger.js';
import { createDb, type Store } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createSecretBox } from '../store/secret-box.js';
import { createSource } from '../store/sources-repo.js';
import { ensureWorkspace } from '../store/workspaces-repo.js';
import { createIngestWorker, storeEvents } from '../ingest/pipeline.js';
import type { StripeEnvelope } from '../ingest/envelope.js';
import { asOf } from '../read/clock.js';
import type { MonthlyReport } from '../read/periods/contract.js';
import { monthlyReport } from '../read/periods/load.js';

export type MetricsFromEventsOptions = {
  currency: string;
  preset: PresetName;
  from?: string;
  to?: string;
  fxRates?: readonly FxRate[];
};

/** The built-in rates (the demo's fixed table) into `currency`, when it has them. */
export function builtInFxRates(currency: string): readonly FxRate[] {
  return currency === 'usd' || currency === 'eur' ? DEMO_FX_RATES[currency] : [];
}

/** The engine over data loaded into a throw-away in-memory database: `load` stores it in the
 *  workspace, the ingest worker applies it, and the monthly report is read as of now. */
export async function metricsInMemory(options: MetricsFromEventsOptions, load: (store: Store, workspaceId: string) => Promise<void>): Promise<MonthlyReport> {
  const store = await createDb({ kind: 'pglite', dataDir: null });
  try {
    await migrate(store);
    const workspace = await ensureWorkspace(store.db, { slug: 'cli', name: 'CLI', reportingCurrency: options.currency });
    await store.db.updateTable('workspaces').set({ preset: options.preset }).where('workspace_id', '=', workspace.id).execute();
    await load(store, workspace.id);
    const reportOptions = {
      currency: options.currency,
      fxRates: options.fxRates ?? builtInFxRates(options.currency),
      strictFx: true,
      // Read now: a month after the last event's is not reported, and no scheduled change counts.
      asOf: asOf(new Date()),
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
    };
    return await monthlyReport(store.db, workspace.id, reportOptions);
  } finally {
    await store.close();
  }
}

export async function metricsFromEvents(events: readonly StripeEnvelope[], options: MetricsFromEventsOptions): Promise<MonthlyReport> {
  return metricsInMemory(options, async (store, workspaceId) => {
    const source = await createSource(store.db, createSecretBox(undefined), { workspaceId, provider: 'file', name: 'events file' });
    await storeEvents(
      store,
      events.map((e) => ({ workspaceId, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })),
    );
    await createIngestWorker({ store, logger: createLogger('silent'), batchSize: 2000, deferLedger: true }).drain();
  });
}
