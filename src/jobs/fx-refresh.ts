// Keeps every workspace's exchange rates current from the European Central Bank's euro reference
// rates: once at start and every working day after the ECB publishes (around 16:00 CET), one
// instance at a time (advisory lock). For each workspace it works out which currencies it needs
// (billing and reporting) and from which day (its first money, less a margin), downloads the
// smallest ECB file that covers the gap since its last fetch (daily, 90-day or full history:
// one download shared by all workspaces) and stores the quotes with source 'ecb'. A failure is
// recorded on the workspace (Settings → Workspace shows it) and retried at the next run; the
// figures meanwhile use the latest rates held. The Demo workspace keeps its own demo rates.
import { Cron } from 'croner';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { addDays } from '../core/dates.js';
import { billingCurrencies, firstMoneyDay, lastQuoteDay, recordFxFetch } from '../store/fx-repo.js';
import { listWorkspaces } from '../store/workspaces-repo.js';
import { ECB_LOOKBACK_MARGIN_DAYS, fetchEcbQuotes, historyFileFor, type EcbHistory } from '../ingest/fx/ecb-fetch.js';
import type { EurQuote } from '../ingest/fx/quotes.js';
import { storeEurQuotes } from '../ingest/fx/store-rates.js';
import { lockedRun } from './locked-run.js';

export const ECB_SOURCE = 'ecb';
const WIDER: Record<EcbHistory, number> = { daily: 0, '90d': 1, hist: 2 };

export type FxRefreshDeps = { store: Store; logger: Logger; now: () => Date; baseUrl: string; fetchImpl?: typeof fetch };
export type FxRefreshReport = { workspaceId: string; stored: number; error?: string }[];

/** One refresh of every workspace (but the demo); returns what each got. */
export async function refreshEcbRates(deps: FxRefreshDeps, options: { workspaceIds?: readonly string[] } = {}): Promise<FxRefreshReport> {
  const db = deps.store.db;
  const today = deps.now().toISOString().slice(0, 10);
  const targets = [];
  for (const workspace of await listWorkspaces(db)) {
    if (workspace.isDemo) continue;
    if (options.workspaceIds && !options.workspaceIds.includes(workspace.id)) continue;
    const billing = await billingCurrencies(db, workspace.id);
    if (billing.every((c) => c === workspace.reportingCurrency)) continue; // nothing to convert (yet)
    const currencies = new Set([...billing, workspace.reportingCurrency].filter((c) => c !== 'eur'));
    const first = await firstMoneyDay(db, workspace.id);
    const last = await lastQuoteDay(db, workspace.id, ECB_SOURCE);
    const since = last ?? addDays(first ?? today, -ECB_LOOKBACK_MARGIN_DAYS);
    targets.push({ workspace, currencies, since, file: historyFileFor(since, today) });
  }
  if (targets.length === 0) return [];
  // One download, the widest any workspace needs.
  const file = targets.reduce<EcbHistory>((widest, t) => (WIDER[t.file] > WIDER[widest] ? t.file : widest), 'daily');
  let quotes: EurQuote[];
  try {
    quotes = await fetchEcbQuotes({ baseUrl: deps.baseUrl, which: file, ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}) });
  } catch (error) {
    const message = (error as Error).message;
    deps.logger.warn({ err: error }, 'could not fetch the ECB reference rates; figures keep the latest rates held');
    for (const t of targets) await recordFxFetch(db, t.workspace.id, { source: ECB_SOURCE, at: deps.now(), error: message });
    return targets.map((t) => ({ workspaceId: t.workspace.id, stored: 0, error: message }));
  }
  const report: FxRefreshReport = [];
  for (const t of targets) {
    const stored = await storeEurQuotes(db, t.workspace.id, quotes, { source: ECB_SOURCE, currencies: t.currencies, since: t.since });
    await recordFxFetch(db, t.workspace.id, { source: ECB_SOURCE, at: deps.now(), stored });
    report.push({ workspaceId: t.workspace.id, stored });
  }
  return report;
}

export type FxRefreshJob = { start(): void; run(): Promise<FxRefreshReport>; stop(): Promise<void> };

/** Every working day at 15:30 UTC (after the ECB's ~16:00 CET publication), and shortly after start. */
export function createFxRefreshJob(deps: FxRefreshDeps): FxRefreshJob {
  let job: Cron | null = null;
  let first: NodeJS.Timeout | null = null;
  const refresh = lockedRun<FxRefreshReport>(deps.store, 'fx:ecb', [], () => refreshEcbRates(deps));
  const safeRun = () => refresh.run().catch((error: unknown) => deps.logger.warn({ err: error }, 'FX refresh failed'));
  return {
    run: () => refresh.run(),
    start() {
      job = new Cron('0 30 15 * * 1-5', { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
      first = setTimeout(() => void safeRun(), 5_000);
      first.unref();
    },
    async stop() {
      job?.stop();
      if (first) clearTimeout(first);
      await refresh.settle();
    },
  };
}
