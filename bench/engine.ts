// npm run bench -- engine [--customers N] [--pglite-customers N] [--only pglite|postgres] [--write]
// Generates a subscription business with the demo generator, keeps the events the ledger reads
// (subscriptions, discounts, coupons, prices), stores them as raw events and measures:
//   - full rebuild from the raw event log (transform, upsert, ledger), as `revpulse rebuild` does
//   - ledger-only rebuild from the stored snapshots (`revpulse rebuild --ledger-only`)
//   - incremental apply of single events (store → process → recompute that customer)
// on PGlite (embedded) and, when DATABASE_URL is set, on PostgreSQL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateDemoEvents } from '../src/demo/generate.js';
import { createLogger } from '../src/logger.js';
import { createDb, type DatabaseTarget, type Store } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource } from '../src/store/sources-repo.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { upsertFxRates } from '../src/store/fx-repo.js';
import { DEMO_FX_RATES } from '../src/core/fx.js';
import { claimPendingEvents } from '../src/store/raw-events-repo.js';
import { createIngestWorker, processEvents, storeEvents } from '../src/ingest/pipeline.js';
import { queueReprocessing } from '../src/ingest/reprocess.js';
import { rebuildWorkspace, recomputePending } from '../src/engine/recompute.js';
import { flag, machine, percentile, timed, writeSection } from './_shared.js';

const LEDGER_TYPES = /^(customer\.subscription\.|customer\.discount\.|coupon\.|price\.|product\.)/;
const END_AT = Date.parse('2026-11-01T00:00:00Z') / 1000;

type Result = { backend: string; customers: number; events: number; ledgerRows: number; storeMs: number; fullMs: number; ledgerMs: number; incrementalP50: number; incrementalP95: number };

async function runOn(target: DatabaseTarget, backend: string, customers: number): Promise<Result> {
  const store: Store = await createDb(target);
  try {
    await migrate(store);
    const workspace = await ensureWorkspace(store.db, { slug: 'bench', name: 'Bench' });
    await upsertFxRates(store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
    const source = await createSource(store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'file', name: 'bench' });
    let events = 0;
    let batch: Parameters<typeof storeEvents>[1][number][] = [];
    const held: typeof batch = [];
    const stored = await timed(async () => {
      for (const event of generateDemoEvents({ customers, endAt: END_AT })) {
        if (!LEDGER_TYPES.test(event.type)) continue;
        const row = { workspaceId: workspace.id, sourceId: source.id, eventId: event.id, type: event.type, created: event.created, livemode: event.livemode, payload: event };
        // Hold back a sample of late subscription updates for the incremental measurement.
        if (held.length < 200 && event.type === 'customer.subscription.updated' && event.created > END_AT - 30 * 86_400 && events % 7 === 0) held.push(row);
        else batch.push(row);
        events++;
        if (batch.length >= 5000) {
          await storeEvents(store, batch);
          batch = [];
          process.stderr.write(`\r${backend}: stored ${events.toLocaleString('en-US')} events`);
        }
      }
      await storeEvents(store, batch);
    });
    process.stderr.write('\n');
    const logger = createLogger('warn');
    const now = new Date(END_AT * 1000);
    // First processing, then the measured rebuild from the raw log.
    await createIngestWorker({ store, logger, now: () => now, batchSize: 5000, deferLedger: true }).drain();
    const full = await timed(async () => {
      await queueReprocessing(store.db, workspace.id);
      await createIngestWorker({ store, logger, now: () => now, batchSize: 5000, deferLedger: true }).drain();
    });
    const ledger = await timed(() => rebuildWorkspace(store.db, workspace, now));
    const rows = await store.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();

    const latencies: number[] = [];
    for (const row of held) {
      const { ms } = await timed(async () => {
        await storeEvents(store, [row]);
        await processEvents(store, await claimPendingEvents(store.db, 10, { owner: 'bench', seconds: 60 }), { owner: 'bench' });
        await recomputePending(store.db, now);
      });
      latencies.push(ms);
    }
    latencies.sort((a, b) => a - b);
    return {
      backend,
      customers,
      events,
      ledgerRows: Number(rows.n),
      storeMs: stored.ms,
      fullMs: full.ms,
      ledgerMs: ledger.ms,
      incrementalP50: percentile(latencies, 50),
      incrementalP95: percentile(latencies, 95),
    };
  } finally {
    await store.close();
  }
}

async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `revpulse_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const msf = (ms: number) => `${ms.toFixed(1)} ms`;

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '100000'));
  const pgliteCustomers = Number(flag(args, 'pglite-customers', '20000'));
  const only = flag(args, 'only', 'all');
  const results: Result[] = [];
  if (only !== 'postgres') results.push(await runOn({ kind: 'pglite', dataDir: null }, 'PGlite (in memory)', pgliteCustomers));
  if (only !== 'pglite' && process.env.DATABASE_URL) results.push(await withPostgres((url) => runOn({ kind: 'postgres', url }, 'PostgreSQL 15', customers)));
  const table = [
    '| database | customers | ledger events | ledger rows | store raw events | full rebuild from raw log | ledger-only rebuild | incremental p50 / p95 |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.backend} | ${r.customers.toLocaleString('en-US')} | ${r.events.toLocaleString('en-US')} | ${r.ledgerRows.toLocaleString('en-US')} | ${s(r.storeMs)} | ${s(r.fullMs)} | ${s(r.ledgerMs)} | ${msf(r.incrementalP50)} / ${msf(r.incrementalP95)} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (args.includes('--write')) {
    writeSection('## Engine', `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- engine --write\`.

Events are the demo generator's subscription, discount, coupon, price and product events (what the ledger reads); the
generator emits about 6.9 of them per customer over 24 months. "Full rebuild from raw log" re-runs transform, upsert and
ledger for every stored event (\`revpulse rebuild\`); "ledger-only" recomputes every customer's ledger from the stored
snapshots (\`revpulse rebuild --ledger-only\`); "incremental" is one subscription event stored, applied and its
customer's ledger recomputed.

${table}`);
  }
  return 0;
}
