import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { demoEvents } from '../../demo/generate.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../ingest/load-demo.js';
import { createIngestWorker } from '../../ingest/pipeline.js';
import { describeZodError } from '../../api/error-handler.js';
import { UsageError } from '../usage-error.js';
import { progressLine } from '../progress.js';

const options = z.object({
  out: z.string().min(1).optional(),
  seed: z.coerce.number().int().min(0).default(42),
  customers: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  endAt: z.coerce.date().optional(),
});

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write the demo data set into the configured database (workspace "Demo"), or to a JSONL file with --out')
    .option('--out <file>', 'write the demo Stripe events to this JSONL file instead of the database')
    .option('--seed <n>', 'random seed (the same seed gives the same data)', '42')
    .option('--customers <n>', 'about how many customers', '2000')
    .option('--end-at <date>', 'the last moment of the demo history (default: now)')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = options.safeParse(raw);
      if (!parsed.success) throw new UsageError(`demo: ${describeZodError(parsed.error)}`);
      const { out, seed, customers } = parsed.data;
      const endAt = parsed.data.endAt ? Math.floor(parsed.data.endAt.getTime() / 1000) : undefined;
      const generator = { seed, customers, ...(endAt ? { endAt } : {}) };

      if (out) {
        const file = createWriteStream(out);
        let count = 0;
        for (const event of demoEvents(generator)) {
          if (!file.write(`${JSON.stringify(event)}\n`)) await once(file, 'drain');
          count++;
        }
        file.end();
        await once(file, 'finish');
        process.stdout.write(`Wrote ${count} demo events to ${out}\n`);
        return;
      }

      const config = loadConfig();
      const runtime = await openRuntime(config, 'demo');
      try {
        const demo = await ensureDemoWorkspace(runtime.store.db, runtime.box);
        const storing = progressLine('Storing demo events');
        const stored = await storeDemoEvents(runtime.store, demo, generator, (n) => storing.update(n));
        storing.done(`Stored ${stored} new demo events in workspace "Demo" (${demo.workspace.id}).`);
        const worker = createIngestWorker({ store: runtime.store, logger: createLogger('warn'), batchSize: 2000, deferLedger: true });
        const started = Date.now();
        const processed = await worker.drain();
        process.stdout.write(`Processed ${processed} events in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
      } finally {
        await runtime.close();
      }
    });
}
