// npm run bench -- api [--customers 30000] [--months 36] [--requests 300] [--write]
// Loads the demo business (every event type: about 34 events per customer, so 30,000 customers
// is about 1,000,000 events) through the real pipeline into PostgreSQL (DATABASE_URL; PGlite
// without it), then measures the API as a dashboard calls it: the real app, an API key, every
// request through authentication, validation and serialisation (app.inject, no network).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import type { AppContext } from '../src/api/context.js';
import { createApiKey } from '../src/accounts/api-keys.js';
import { loadConfig } from '../src/config.js';
import { DEMO_FX_RATES } from '../src/core/fx.js';
import { generateDemoEvents } from '../src/demo/generate.js';
import { createIngestWorker, storeEvents } from '../src/ingest/pipeline.js';
import { createLiveBus } from '../src/live/bus.js';
import { createLiveHub } from '../src/live/hub.js';
import { createLogger } from '../src/logger.js';
import { createDb, type DatabaseTarget } from '../src/store/db.js';
import { upsertFxRates } from '../src/store/fx-repo.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource } from '../src/store/sources-repo.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { flag, machine, percentile, timed, writeSection } from './_shared.js';

const END_AT = Date.parse('2026-11-01T12:00:00Z') / 1000;

async function withDatabase<T>(work: (target: DatabaseTarget, label: string) => Promise<T>): Promise<T> {
  if (!process.env.DATABASE_URL) return work({ kind: 'pglite', dataDir: null }, 'PGlite (in memory)');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `revpulse_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const version = (await admin.query<{ v: string }>('select current_setting(\'server_version\') as v')).rows[0]!.v;
  try {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return await work({ kind: 'postgres', url: url.toString() }, `PostgreSQL ${version.split(' ')[0]}`);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

type Measured = { name: string; path: string; p50: number; p95: number; p99: number; max: number; bytes: number };

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '30000'));
  const months = Number(flag(args, 'months', '36'));
  const requests = Number(flag(args, 'requests', '300'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' / ');
  return withDatabase(async (target, label) => {
    const store = await createDb(target);
    try {
      await migrate(store);
      const workspace = await ensureWorkspace(store.db, { slug: 'bench', name: 'Bench' });
      await upsertFxRates(store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
      const box = createSecretBox(undefined);
      const source = await createSource(store.db, box, { workspaceId: workspace.id, provider: 'file', name: 'bench' });
      const now = new Date(END_AT * 1000);
      let events = 0;
      const load = await timed(async () => {
        let batch: Parameters<typeof storeEvents>[1][number][] = [];
        for (const e of generateDemoEvents({ customers, months, endAt: END_AT })) {
          batch.push({ workspaceId: workspace.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e });
          events++;
          if (batch.length >= 5000) {
            await storeEvents(store, batch);
            batch = [];
            process.stderr.write(`\rstored ${events.toLocaleString('en-US')} events`);
          }
        }
        await storeEvents(store, batch);
      });
      log('');
      const logger = createLogger('warn');
      const ingest = await timed(() => createIngestWorker({ store, logger, now: () => now, batchSize: 5000, deferLedger: true, onBatch: (n) => process.stderr.write(`\rprocessed ${n.toLocaleString('en-US')}`) }).drain());
      log('');
      const counts = await store.db
        .selectFrom('customer_summaries')
        .select((eb) => [eb.fn.countAll<number>().as('customers')])
        .where('workspace_id', '=', workspace.id)
        .executeTakeFirstOrThrow();
      const ledgerRows = await store.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();
      if (store.kind === 'postgres') await store.withScriptSession((runScript) => runScript('vacuum analyze')); // as autovacuum would, after a bulk load

      const bus = createLiveBus(store);
      const hub = createLiveHub();
      const ctx: AppContext = {
        config: loadConfig({ REVPULSE_DEMO: 'false', REVPULSE_RATE_LIMIT_API: '10000000', LOG_LEVEL: 'warn' }),
        store, box, logger, bus, hub, wakeIngest: () => undefined, now: () => now,
      };
      const app = await buildApp(ctx, { webDist: '/nonexistent' });
      const { token } = await createApiKey(store.db, { workspaceId: workspace.id, name: 'bench', role: 'analyst', createdBy: null, now });
      const headers = { authorization: `Bearer ${token}` };
      const first = await app.inject({ url: '/v1/customers?limit=1&sort=-mrr', headers });
      const top = (first.json() as { data: { id: string }[] }).data[0]?.id ?? 'none';
      const endpoints: [string, string][] = [
        ['summary', '/v1/metrics/summary'],
        ['monthly, 36 months', '/v1/metrics/monthly?from=2023-11&to=2026-10'],
        ['series: MRR by month, 12 months, vs previous year', '/v1/metrics/series?metric=mrr&granularity=month&from=2025-11-01&to=2026-10-31&compare=previous_year'],
        ['series: MRR by day, 90 days', '/v1/metrics/series?metric=mrr&granularity=day&from=2026-08-03&to=2026-10-31'],
        ['series: customer churn rate by month, 36 months', '/v1/metrics/series?metric=customer_churn_rate&granularity=month&from=2023-11-01&to=2026-10-31'],
        ['customers list (first page of 50, by MRR)', '/v1/customers?limit=50'],
        ['customers list (page 5, cursor)', ''],
        ['customers list (filtered: active, EUR)', '/v1/customers?limit=50&status=active&currency=eur'],
        ['customers search (name/email contains)', '/v1/customers?limit=50&q=smith'],
        ['customer profile', `/v1/customers/${top}`],
      ];
      // Page 5 of the list: follow the cursor four times first.
      let cursorPath = '/v1/customers?limit=50';
      for (let i = 0; i < 4; i++) {
        const page = (await app.inject({ url: cursorPath, headers })).json() as { nextCursor: string };
        cursorPath = `/v1/customers?limit=50&cursor=${page.nextCursor}`;
      }
      endpoints[6]![1] = cursorPath;
      const results: Measured[] = [];
      for (const [name, path] of endpoints) {
        const url = `${path}${path.includes('?') ? '&' : '?'}workspace=${workspace.id}`;
        let bytes = 0;
        for (let i = 0; i < 20; i++) {
          const warm = await app.inject({ url, headers });
          if (warm.statusCode !== 200) throw new Error(`${path}: ${warm.statusCode} ${warm.body.slice(0, 300)}`);
          bytes = warm.body.length;
        }
        const times: number[] = [];
        for (let i = 0; i < requests; i++) times.push((await timed(() => app.inject({ url, headers }))).ms);
        times.sort((a, b) => a - b);
        results.push({ name, path, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1)!, bytes });
        log(`${name}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
      }
      await app.close();
      hub.close();

      const ms = (v: number) => `${v.toFixed(1)} ms`;
      const table = [
        '| request | p50 | p95 | p99 | max | response |',
        '|---|---|---|---|---|---|',
        ...results.map((r) => `| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${(r.bytes / 1024).toFixed(1)} KiB |`),
      ].join('\n');
      const body = `Machine: ${machine()}. Database: ${label}. Load average before the run: ${loadBefore}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- api --customers ${customers}${args.includes('--write') ? ' --write' : ''}\`.

Data: the demo business, ${customers.toLocaleString('en-US')} customers over ${months} months ending ${new Date(END_AT * 1000).toISOString().slice(0, 10)}: ${events.toLocaleString('en-US')} Stripe events of every type
(subscriptions, invoices, charges, refunds, disputes…), ${Number(counts.customers).toLocaleString('en-US')} customer summaries, ${Number(ledgerRows.n).toLocaleString('en-US')} ledger rows.
Loaded through the real pipeline: storing the raw events took ${(load.ms / 1000).toFixed(0)} s, processing them (records, ledger and every derived table) ${(ingest.ms / 1000).toFixed(0)} s.

Each request ${requests} times after 20 warm-up requests, one at a time, through the whole application (API-key
authentication — the key's lookup, its last-used time written at most once a minute —, the workspace grant, zod
validation and response serialisation) with \`app.inject\`, so without network time. Target: p95 under 20 ms. The
search (\`q\`, a substring of name, email or id) reads every customer summary of the workspace: its cost grows with
the number of customers.

${table}`;
      process.stdout.write(`${body}\n`);
      if (args.includes('--write')) writeSection('## API', body);
      return 0;
    } finally {
      await store.close();
    }
  });
}
