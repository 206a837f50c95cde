// `revpulse sync --source ID [--full]`: pull a Stripe or PayPal source now. --full backfills the whole
// history (resuming an interrupted backfill) with a progress bar; without it, the events since
// the last sync. The stored events are then processed, so the figures are current on exit.
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { createIngestWorker } from '../../ingest/pipeline.js';
import { syncAnySource } from '../../ingest/sync-source.js';
import { countPendingEvents } from '../../store/raw-events-repo.js';
import { UsageError } from '../usage-error.js';
import { progressLine } from '../progress.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync a Stripe or PayPal source now: --full imports its whole history (resumable)')
    .requiredOption('--source <id>', 'the source id (src_…)')
    .option('--full', 'backfill everything (continues an interrupted backfill)')
    .action(async (options: { source: string; full?: boolean }) => {
      const config = loadConfig();
      const runtime = await openRuntime(config, 'sync');
      const logger = createLogger('silent');
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Error('interrupted'));
      process.once('SIGINT', onSignal);
      try {
        const db = runtime.store.db;
        const source = await db.selectFrom('sources').select(['workspace_id', 'provider', 'name']).where('source_id', '=', options.source).executeTakeFirst();
        if (!source) throw new UsageError(`sync: no source with id ${options.source} (see revpulse sources list)`);
        const started = Date.now();
        const bar = progressLine(options.full ? `Backfilling ${source.name}` : `Syncing ${source.name}`);
        const outcome = await syncAnySource(
          { store: runtime.store, box: runtime.box, logger, now: () => new Date(), stripeApiUrl: config.stripeApiUrl, paypalApiUrl: config.paypalApiUrl },
          {
            workspaceId: source.workspace_id,
            sourceId: options.source,
            kind: options.full ? 'full' : 'auto',
            signal: controller.signal,
            onProgress: (p) => bar.update(p.done, p.total ?? undefined),
          },
        );
        if (outcome.status === 'busy') throw new UsageError('sync: another process is syncing this source right now', 1);
        if (outcome.status === 'aborted') {
          bar.done('Interrupted. Run the same command again to continue where it stopped.');
          process.exitCode = 130;
          return;
        }
        if (outcome.status === 'failed') throw new UsageError(`sync: ${outcome.error}`, 1);
        const seconds = (Date.now() - started) / 1000;
        bar.done(`${outcome.kind === 'full' ? 'Backfilled' : 'Synced'} ${source.name}: ${outcome.listed.toLocaleString('en-US')} objects listed, ${outcome.stored.toLocaleString('en-US')} new events stored in ${seconds.toFixed(1)} s (${Math.round(outcome.listed / Math.max(seconds, 0.001)).toLocaleString('en-US')} objects/s).`);

        const pending = await countPendingEvents(db, source.workspace_id);
        if (pending > 0) {
          const processing = progressLine('Processing');
          const worker = createIngestWorker({
            store: runtime.store,
            logger,
            batchSize: 2000,
            afterBatch: async () => processing.update(pending - (await countPendingEvents(db, source.workspace_id)), pending),
          });
          const t0 = Date.now();
          const processed = await worker.drain();
          processing.done(`Processed ${processed.toLocaleString('en-US')} events in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
        }
      } finally {
        process.removeListener('SIGINT', onSignal);
        await runtime.close();
      }
    });
}
