// npm run bench -- health [--runs 5]
// Loads the demo business (about 2,000 customers, with its product signals when the demo emits
// them) through the real pipeline into PostgreSQL (DATABASE_URL; PGlite without it), then times
// what customer success reads and writes per workspace: the signals of every customer for one day
// (loadCustomerSignals) straight after the bulk load and again once the snapshot job has refreshed
// the planner's statistics, today's health snapshots (snapshotHealth), and the first run of the
// snapshot job, which also backfills 12 weekly and 14 daily points.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { asOf } from '../src/read/clock.js';
import { loadCustomerSignals } from '../src/read/success-signals/load.js';
import { createHealthSnapshotJob, snapshotHealth } from '../src/jobs/health-snapshots.js';
import { loadConfig } from '../src/config.js';
import { createIngestWorker } from '../src/ingest/pipeline.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../src/ingest/load-demo.js';
import { loadDemoSignals } from '../src/ingest/load-demo-signals.js';
import { createLiveBus } from '../src/live/bus.js';
import { createLogger } from '../src/logger.js';
import { createDb, type DatabaseTarget } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { flag, machine, percentile, timed } from './_shared.js';

async function withDatabase<T>(work: (target: DatabaseTarget, label: string) => Promise<T>): Promise<T> {
  if (!process.env.DATABASE_URL) return work({ kind: 'pglite', dataDir: null }, 'PGlite (in memory)');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `revpulse_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return await work({ kind: 'postgres', url: url.toString() }, 'PostgreSQL');
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export async function run(args: string[]): Promise<number> {
  const runs = Number(flag(args, 'runs', '5'));
  return withDatabase(async (target, label) => {
    const store = await createDb(target);
    try {
      await migrate(store);
      const logger = createLogger('silent');
      const now = new Date();
      const endAt = Math.floor(now.getTime() / 60_000) * 60;
      const demo = await ensureDemoWorkspace(store.db, createSecretBox('b'.repeat(64)));
      const load = await timed(async () => {
        await storeDemoEvents(store, demo, { endAt });
        await createIngestWorker({ store, logger, now: () => now, batchSize: 2000, deferLedger: true }).drain();
        return loadDemoSignals(store, demo.workspace, { endAt });
      });
      const ws = demo.workspace.id;
      const today = now.toISOString().slice(0, 10);
      const counts = await store.db.selectFrom('usage_daily').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
      process.stdout.write(`${label}; ${machine()}\ndemo loaded in ${(load.ms / 1000).toFixed(1)} s (${load.result} signal rows; usage_daily ${counts.n} rows)\n`);

      const signals = async (when: string) => {
        const times: number[] = [];
        let customers = 0;
        for (let i = 0; i < runs; i++) {
          const { result, ms } = await timed(() => loadCustomerSignals(store.db, ws, { day: today, asOf: asOf(now) }));
          customers = result.length;
          times.push(ms);
        }
        times.sort((x, y) => x - y);
        process.stdout.write(`loadCustomerSignals ${when}, ${customers} customers: median ${percentile(times, 50).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms over ${runs} runs\n`);
      };
      await signals('straight after the bulk load');

      const snap = await timed(() => snapshotHealth(store, ws, today, now));
      process.stdout.write(`snapshotHealth today: ${snap.result} customers in ${snap.ms.toFixed(0)} ms\n`);
      await store.db.deleteFrom('health_snapshots').where('workspace_id', '=', ws).execute();

      const job = createHealthSnapshotJob({ store, logger, now: () => now, bus: createLiveBus(store), config: loadConfig({ REVPULSE_DEMO: 'false' }) });
      const first = await timed(() => job.run());
      process.stdout.write(`snapshot job, first run (today + backfill of ${first.result.days} days, ${first.result.today + first.result.backfilled} snapshots): ${(first.ms / 1000).toFixed(1)} s\n`);
      const second = await timed(() => job.run());
      process.stdout.write(`snapshot job, hourly run (today only): ${(second.ms / 1000).toFixed(1)} s\n`);
      await signals('after the job (statistics fresh)');
      return 0;
    } finally {
      await store.close();
    }
  });
}
