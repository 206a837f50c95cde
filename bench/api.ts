// npm run bench -- api [--customers 30000] [--months 36] [--history-customers N] [--recent-months 6]
//                      [--requests 300] [--reuse DBNAME] [--write]
// Loads the demo business (every event type: about 40 events per customer over 36 months, so
// 25,000 customers is about 1,000,000 events) through the real pipeline into PostgreSQL
// (DATABASE_URL; PGlite without it), then measures the API as a dashboard calls it: the real
// app, an API key, every request through authentication, validation and serialisation
// (app.inject, no network).
// --history-customers N: only the first N customers get the whole --months of history; the other
// customers - N are a second demo business (its own seed and catalogue, same source) signing up
// over the last --recent-months; --recent-types revenue stores only their customer, subscription,
// discount and catalogue events (no invoices or payments), so 100,000 customers load in minutes.
// --reuse DBNAME (PostgreSQL): load into that database once and keep it; a later run with the same
// data options measures straight away (the load's figures are kept in the database's comment).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { CompiledQuery } from 'kysely';
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
import { customerCountQuery } from '../src/read/customers/query.js';
import { createDb, type DatabaseTarget, type Store } from '../src/store/db.js';
import { upsertFxRates } from '../src/store/fx-repo.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource } from '../src/store/sources-repo.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { flag, machine, percentile, timed, writeSection } from './_shared.js';

const END_AT = Date.parse('2026-11-01T12:00:00Z') / 1000;

type Loaded = { events: number; storeMs: number; ingestMs: number };
type Target = { target: DatabaseTarget; label: string; reused: Loaded | null; keep: (loaded: Loaded) => Promise<void> };

/** A fresh database (dropped at the end), or with --reuse the named one, kept; its comment records
 *  the data options and the load's figures, so a later run with the same options skips the load. */
async function withDatabase<T>(reuse: string | null, dataKey: string, work: (t: Target) => Promise<T>): Promise<T> {
  if (!process.env.DATABASE_URL) {
    if (reuse) throw new Error('--reuse needs DATABASE_URL (PostgreSQL)');
    return work({ target: { kind: 'pglite', dataDir: null }, label: 'PGlite (in memory)', reused: null, keep: async () => undefined });
  }
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = reuse ?? `revpulse_bench_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--reuse: not a plain database name: ${name}`);
  const version = (await admin.query<{ v: string }>('select current_setting(\'server_version\') as v')).rows[0]!.v;
  const existing = await admin.query<{ comment: string | null }>('select shobj_description(oid, \'pg_database\') as comment from pg_database where datname = $1', [name]);
  let reused: Loaded | null = null;
  if (existing.rows.length > 0) {
    const note = existing.rows[0]!.comment ? (JSON.parse(existing.rows[0]!.comment) as { dataKey?: string } & Loaded) : null;
    if (note?.dataKey === dataKey) reused = note;
    else {
      process.stderr.write(`${name}: no complete load of these data options; loading it again\n`);
      await admin.query(`drop database ${name} with (force)`);
    }
  }
  if (!reused) await admin.query(`create database ${name}`);
  try {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const keep = async (loaded: Loaded) => {
      if (reuse) await admin.query(`comment on database ${name} is '${JSON.stringify({ dataKey, ...loaded }).replace(/'/g, "''")}'`);
    };
    return await work({ target: { kind: 'postgres', url: url.toString() }, label: `PostgreSQL ${version.split(' ')[0]}`, reused, keep });
  } finally {
    if (!reuse) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const ID_PART = '<id>';
/** The searches measured: no match, a name, an e-mail, a piece of the top customer's id. */
const SEARCHES: [string, string][] = [
  ['nothing matches ("smith")', 'smith'],
  ['a name ("maple", about 2% of customers)', 'maple'],
  ['an e-mail, mid-word ("riya.")', 'riya.'],
  ['8 characters of an id', ID_PART],
];

type Measured = { name: string; path: string; p50: number; p95: number; p99: number; max: number; bytes: number; found: number };

type DataOptions = { customers: number; months: number; historyCustomers: number; recentMonths: number; recentTypes: 'all' | 'revenue' };

/** --recent-types revenue: what MRR and the customer list are made of (customers, subscriptions,
 *  discounts, the catalogue); no invoices, charges or refunds. */
const REVENUE_TYPES = /^(customer\.subscription\.|customer\.discount\.|customer\.created$|customer\.updated$|coupon\.|price\.|product\.)/;

/** The second business's seed: ids (and so customers, prices, products) apart from the first's. */
const RECENT_SEED = 4242;

/** The demo events: the first business over `months`, then the second over `recentMonths`. */
function* benchEvents(o: DataOptions) {
  yield* generateDemoEvents({ customers: o.historyCustomers, months: o.months, endAt: END_AT });
  if (o.customers <= o.historyCustomers) return;
  for (const e of generateDemoEvents({ seed: RECENT_SEED, customers: o.customers - o.historyCustomers, months: o.recentMonths, endAt: END_AT })) {
    if (o.recentTypes === 'all' || REVENUE_TYPES.test(e.type)) yield e;
  }
}

/** Stores the events and runs the ingest worker over them: the real pipeline. */
async function loadData(store: Store, o: DataOptions, workspaceId: string, sourceId: string, now: Date): Promise<Loaded> {
  let events = 0;
  const load = await timed(async () => {
    let batch: Parameters<typeof storeEvents>[1][number][] = [];
    for (const e of benchEvents(o)) {
      batch.push({ workspaceId, sourceId, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e });
      events++;
      if (batch.length >= 5000) {
        await storeEvents(store, batch);
        batch = [];
        process.stderr.write(`\rstored ${events.toLocaleString('en-US')} events`);
      }
    }
    await storeEvents(store, batch);
  });
  process.stderr.write('\n');
  const logger = createLogger('warn');
  const ingest = await timed(() => createIngestWorker({ store, logger, now: () => now, batchSize: 5000, deferLedger: true, onBatch: (n) => process.stderr.write(`\rprocessed ${n.toLocaleString('en-US')}`) }).drain());
  process.stderr.write('\n');
  if (store.kind === 'postgres') await store.withScriptSession((runScript) => runScript('vacuum analyze')); // as autovacuum would, after a bulk load
  return { events, storeMs: load.ms, ingestMs: ingest.ms };
}

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '30000'));
  const months = Number(flag(args, 'months', '36'));
  const historyCustomers = Math.min(customers, Number(flag(args, 'history-customers', String(customers))));
  const recentMonths = Number(flag(args, 'recent-months', '6'));
  const recentTypes = flag(args, 'recent-types', 'all');
  if (recentTypes !== 'all' && recentTypes !== 'revenue') throw new Error('--recent-types is all or revenue');
  const requests = Number(flag(args, 'requests', '300'));
  const reuse = args.includes('--reuse') ? flag(args, 'reuse', '') : null;
  if (reuse === '') throw new Error('--reuse needs a database name');
  const data: DataOptions = { customers, months, historyCustomers, recentMonths, recentTypes };
  const dataKey = JSON.stringify(data);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' / ');
  return withDatabase(reuse, dataKey, async ({ target, label, reused, keep }) => {
    const store = await createDb(target);
    try {
      await migrate(store);
      const workspace = await ensureWorkspace(store.db, { slug: 'bench', name: 'Bench' });
      const box = createSecretBox(undefined);
      const now = new Date(END_AT * 1000);
      let loaded = reused;
      if (!loaded) {
        await upsertFxRates(store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
        const source = await createSource(store.db, box, { workspaceId: workspace.id, provider: 'file', name: 'bench' });
        loaded = await loadData(store, data, workspace.id, source.id, now);
        await keep(loaded);
      } else log(`reusing the loaded data set (${loaded.events.toLocaleString('en-US')} events)`);
      const counts = await store.db
        .selectFrom('customer_summaries')
        .select((eb) => [eb.fn.countAll<number>().as('customers')])
        .where('workspace_id', '=', workspace.id)
        .executeTakeFirstOrThrow();
      const ledgerRows = await store.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();
      const { events } = loaded;
      const logger = createLogger('warn');

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
        ...SEARCHES.map(([name, q]): [string, string] => [`customers search: ${name}`, `/v1/customers?limit=50&q=${encodeURIComponent(q === ID_PART ? top.slice(4, 12) : q)}`]),
        ['customer profile', `/v1/customers/${top}`],
      ];
      // How PostgreSQL reads each search's count (the list's statement filters the same way).
      const plans = new Map<string, string>();
      for (const [name, q] of SEARCHES) {
        const compiled = customerCountQuery(store.db, workspace.id, { q: q === ID_PART ? top.slice(4, 12) : q }, now.toISOString().slice(0, 10)).compile();
        const rows = (await store.db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]))).rows;
        const lines = rows.map((r) => Object.values(r)[0]!);
        plans.set(`customers search: ${name}`, lines.filter((l) => /Scan on customer_summaries|Index Scan on customer_summaries_search/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, '').replace(/^->\s*/, '')).join(' + '));
      }
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
        let found = -1;
        for (let i = 0; i < 20; i++) {
          const warm = await app.inject({ url, headers });
          if (warm.statusCode !== 200) throw new Error(`${path}: ${warm.statusCode} ${warm.body.slice(0, 300)}`);
          bytes = warm.body.length;
          found = (warm.json() as { total?: number }).total ?? -1;
        }
        const times: number[] = [];
        for (let i = 0; i < requests; i++) times.push((await timed(() => app.inject({ url, headers }))).ms);
        times.sort((a, b) => a - b);
        results.push({ name, path, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1)!, bytes, found });
        log(`${name}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
      }
      await app.close();
      hub.close();

      const ms = (v: number) => `${v.toFixed(1)} ms`;
      const table = [
        '| request | p50 | p95 | p99 | max | response |',
        '|---|---|---|---|---|---|',
        ...results.map((r) => `| ${r.name}${r.found >= 0 && r.name.startsWith('customers') ? ` (${r.found.toLocaleString('en-US')} found)` : ''} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${(r.bytes / 1024).toFixed(1)} KiB |`),
      ].join('\n');
      const loadAfter = loadavg().map((l) => l.toFixed(1)).join(' / ');
      const command = `npm run bench -- api ${args.filter((a) => a !== '--write').join(' ')}${args.includes('--write') ? ' --write' : ''}`;
      const date = new Date(END_AT * 1000).toISOString().slice(0, 10);
      const dataLine = historyCustomers === customers
        ? `the demo business, ${customers.toLocaleString('en-US')} customers over ${months} months ending ${date}: ${events.toLocaleString('en-US')} Stripe events of every type
(subscriptions, invoices, charges, refunds, disputes…)`
        : `the demo business, ${historyCustomers.toLocaleString('en-US')} customers over ${months} months ending ${date} (Stripe events of every type:
subscriptions, invoices, charges, refunds, disputes…), plus a second demo business (seed ${RECENT_SEED}, its own catalogue, the same
source) of ${(customers - historyCustomers).toLocaleString('en-US')} customers signing up over the last ${recentMonths} months${recentTypes === 'revenue' ? `, of which only the customer,
subscription, discount and catalogue events are stored (no invoices or payments: they would multiply the load time and no endpoint
measured here reads them but the profile)` : ''}; ${events.toLocaleString('en-US')} events in all`;
      const planLines = [...plans].map(([name, p]) => `- ${name}: ${p || 'no scan of customer_summaries'}`).join('\n');
      const slow = results.filter((r) => r.p95 >= 20);
      const body = `Machine: ${machine()}. Database: ${label}. Load average before the run: ${loadBefore}; after: ${loadAfter}. Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\`${reused ? ' (the data set loaded by an earlier run with the same options, kept with --reuse)' : ''}.

Data: ${dataLine}; ${Number(counts.customers).toLocaleString('en-US')} customer summaries, ${Number(ledgerRows.n).toLocaleString('en-US')} ledger rows.
Loaded through the real pipeline: storing the raw events took ${(loaded.storeMs / 1000).toFixed(0)} s, processing them (records, ledger and every derived table) ${(loaded.ingestMs / 1000).toFixed(0)} s${reused ? ' (at load time)' : ''}.

Each request ${requests} times after 20 warm-up requests, one at a time, through the whole application (API-key
authentication — the key's lookup, its last-used time written at most once a minute —, the workspace grant, zod
validation and response serialisation) with \`app.inject\`, so without network time. Target: p95 under 20 ms.
Search (\`q\`, a substring of name, e-mail or id) reads the trigram indexes of migration 0029 (pg_trgm), then the
matching summaries: its cost grows with the number of customers found, not with the number of customers. How the
database reads each search (its count; EXPLAIN in this run):

${planLines}

${table}
${slow.length === 0 ? '\nEvery request is under the target.' : `\nOver the target: ${slow.map((r) => `${r.name} (p95 ${ms(r.p95)})`).join('; ')}. The machine's load average during the run is above; re-run on a quiet machine before reading these as the code's cost.`}`;
      process.stdout.write(`${body}\n`);
      if (args.includes('--write')) writeSection('## API', body);
      return 0;
    } finally {
      await store.close();
    }
  });
}
