// npm run bench -- engine [--customers N] [--pglite-customers N] [--only pglite|postgres]
//                         [--reuse] [--db NAME] [--repeat N] [--write]
// Generates a subscription business with the demo generator and stores, as raw events, what the
// engine derives revenue from: subscription, discount, coupon, price and product events (the
// ledger's input) and customer events (names, e-mails, countries: the customer summaries'). On
// PGlite (embedded, in memory) and, when DATABASE_URL is set, on PostgreSQL it measures, in one run:
//   (c) raw read: a plain `SELECT payload::text FROM raw_events` through a server-side cursor, with
//       a JSON.parse of every payload — the floor any re-derive from the raw log stands on
//   (a) ledger-only rebuild from the stored snapshots (`revpulse rebuild --ledger-only`)
//   (b) full re-derive from the raw log (`revpulse rebuild`: the same rederiveWorkspace call)
//   - incremental: one subscription event stored, processed and its customer recomputed
// Each figure comes with the load average before and after and this process's CPU time (the
// database server's CPU is not in it). `--reuse` keeps the PostgreSQL data set in database
// `--db` (default revpulse_bench_engine_<customers>) and uses it again if it is complete, so a
// re-run skips the generation (several minutes at 100,000 customers).
import { loadavg } from 'node:os';
import pg from 'pg';
import { generateDemoEvents } from '../src/demo/generate.js';
import { createLogger } from '../src/logger.js';
import { createDb, type DatabaseTarget, type Store } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource } from '../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../src/store/workspaces-repo.js';
import { upsertFxRates } from '../src/store/fx-repo.js';
import { DEMO_FX_RATES } from '../src/core/fx.js';
import { claimPendingEvents } from '../src/store/raw-events-repo.js';
import { createIngestWorker, processEvents, storeEvents } from '../src/ingest/pipeline.js';
import { rebuildWorkspace, recomputePending } from '../src/engine/recompute.js';
import { rederiveWorkspace } from '../src/jobs/rederive.js';
import { flag, machine, percentile, timed, writeSection } from './_shared.js';

const STORED_TYPES = /^(customer\.subscription\.|customer\.discount\.|customer\.created$|customer\.updated$|coupon\.|price\.|product\.)/;
const END_AT = Date.parse('2026-11-01T00:00:00Z') / 1000;
const HELD = 200;

type Load = [number, number, number];
/** One timed measurement: wall time, this process's CPU time, load average before and after. */
type Measure = { ms: number; cpuMs: number; loadBefore: Load; loadAfter: Load };
type Result = {
  backend: string;
  customers: number;
  events: number;
  rawMb: number;
  snapshots: number;
  ledgerRows: number;
  reused: boolean;
  raw: Measure;
  ledger: Measure[];
  full: Measure;
  incrementalP50: number;
  incrementalP95: number;
  same: boolean;
};

const load = (): Load => loadavg().map((l) => Math.round(l * 100) / 100) as Load;

async function measure(work: () => Promise<unknown>): Promise<Measure> {
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const { ms } = await timed(work);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, loadBefore, loadAfter: load() };
}

type RawRow = Parameters<typeof storeEvents>[1][number];

/** Generates and stores the data set, processes it once; returns the held-back events. */
async function generate(store: Store, workspace: Workspace, sourceId: string, customers: number, label: string): Promise<RawRow[]> {
  let events = 0;
  let batch: RawRow[] = [];
  const held: RawRow[] = [];
  for (const event of generateDemoEvents({ customers, endAt: END_AT })) {
    if (!STORED_TYPES.test(event.type)) continue;
    const row = { workspaceId: workspace.id, sourceId, eventId: event.id, type: event.type, created: event.created, livemode: event.livemode, payload: event };
    // Hold back a sample of late subscription updates for the incremental measurement.
    if (held.length < HELD && event.type === 'customer.subscription.updated' && event.created > END_AT - 30 * 86_400 && events % 7 === 0) held.push(row);
    else batch.push(row);
    events++;
    if (batch.length >= 5000) {
      await storeEvents(store, batch);
      batch = [];
      process.stderr.write(`\r${label}: stored ${events.toLocaleString('en-US')} events`);
    }
  }
  await storeEvents(store, batch);
  process.stderr.write(`\n${label}: processing them once\n`);
  const now = new Date(END_AT * 1000);
  await createIngestWorker({ store, logger: createLogger('warn'), now: () => now, batchSize: 5000, deferLedger: true }).drain();
  return held;
}

/** On a reused data set: stored late subscription updates, sent again under new ids (the same
 *  states, so every figure stays as it was). */
async function heldFromStore(store: Store, workspace: Workspace): Promise<RawRow[]> {
  const rows = await store.db
    .selectFrom('raw_events')
    .select(['source_id', 'event_id', 'type', 'event_created', 'livemode', 'payload'])
    .where('workspace_id', '=', workspace.id)
    .where('type', '=', 'customer.subscription.updated')
    .where('event_created', '>', new Date((END_AT - 30 * 86_400) * 1000))
    .orderBy('event_id')
    .limit(HELD)
    .execute();
  const run = Date.now().toString(36);
  return rows.map((r) => {
    const eventId = `${r.event_id}_r${run}`;
    const payload = { ...(r.payload as Record<string, unknown>), id: eventId };
    return { workspaceId: workspace.id, sourceId: r.source_id, eventId, type: r.type, created: Math.floor(r.event_created.getTime() / 1000), livemode: r.livemode, payload } as RawRow;
  });
}

/** (c): every raw payload read through a server-side cursor and parsed. */
async function rawRead(store: Store, workspaceId: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  await store.db.connection().execute(async (conn) => {
    await conn.transaction().execute(async (trx) => {
      await trx.executeQuery({ sql: 'declare bench_raw no scroll cursor for select payload::text as p from raw_events where workspace_id = $1', parameters: [workspaceId], query: { kind: 'RawNode' } } as never);
      for (;;) {
        const page = await trx.executeQuery<{ p: string }>({ sql: 'fetch 5000 from bench_raw', parameters: [], query: { kind: 'RawNode' } } as never);
        if (page.rows.length === 0) break;
        for (const row of page.rows) {
          bytes += row.p.length;
          if (JSON.parse(row.p) === null) throw new Error('empty payload');
        }
        rows += page.rows.length;
      }
    });
  });
  return { rows, bytes };
}

/** A fingerprint of every derived table: a rebuild and a re-derive must leave the same. */
async function fingerprint(store: Store, workspaceId: string): Promise<string> {
  const tables = ['ledger_entries', 'trials', 'metric_days', 'cohort_days', 'plan_days', 'plan_ledger_entries', 'paying_spells', 'customer_summaries'];
  const parts: string[] = [];
  for (const table of tables) {
    const result = await store.db.executeQuery<{ n: number; h: string | null }>({
      sql: `select count(*)::int as n, md5(string_agg(md5(t::text), '' order by md5(t::text))) as h from ${table} t where workspace_id = $1`,
      parameters: [workspaceId],
      query: { kind: 'RawNode' },
    } as never);
    parts.push(`${table}:${result.rows[0]?.n}:${result.rows[0]?.h}`);
  }
  return parts.join(' ');
}

async function runOn(target: DatabaseTarget, backend: string, customers: number, options: { reuse: boolean; repeat: number }): Promise<Result> {
  const store: Store = await createDb(target);
  try {
    await migrate(store);
    const existing = await store.db.selectFrom('workspaces').selectAll().where('slug', '=', 'bench').executeTakeFirst();
    const workspace = await ensureWorkspace(store.db, { slug: 'bench', name: 'Bench' });
    await store.db.schema.createTable('bench_engine_meta').ifNotExists().addColumn('workspace_id', 'text', (c) => c.primaryKey()).addColumn('customers', 'integer', (c) => c.notNull()).execute();
    const meta = await store.db.selectFrom('bench_engine_meta' as never).select(['customers' as never]).where('workspace_id' as never, '=', workspace.id as never).executeTakeFirst() as { customers: number } | undefined;
    const reused = options.reuse && existing !== undefined && meta?.customers === customers;
    let held: RawRow[];
    if (reused) {
      process.stderr.write(`${backend}: reusing the stored data set (${customers.toLocaleString('en-US')} customers)\n`);
      held = await heldFromStore(store, workspace);
    } else {
      if (existing) throw new Error(`${backend}: the database holds an incomplete or different data set; drop it (or use another --db)`);
      await upsertFxRates(store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
      const source = await createSource(store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'file', name: 'bench' });
      held = await generate(store, workspace, source.id, customers, backend);
      await store.db.insertInto('bench_engine_meta' as never).values({ workspace_id: workspace.id, customers } as never).execute();
    }
    const count = async (table: 'raw_events' | 'subscription_snapshots' | 'ledger_entries') =>
      Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow()).n);
    const logger = createLogger('warn');
    const now = new Date(END_AT * 1000);

    process.stderr.write(`${backend}: (c) raw read\n`);
    let rawStats = { rows: 0, bytes: 0 };
    const raw = await measure(async () => (rawStats = await rawRead(store, workspace.id)));
    const ledger: Measure[] = [];
    for (let i = 0; i < options.repeat; i++) {
      process.stderr.write(`${backend}: (a) ledger-only rebuild ${i + 1}/${options.repeat}\n`);
      ledger.push(await measure(() => rebuildWorkspace(store.db, workspace, now)));
    }
    const afterLedger = await fingerprint(store, workspace.id);
    process.stderr.write(`${backend}: (b) full re-derive from the raw log\n`);
    const full = await measure(() => rederiveWorkspace(store, workspace, { logger, now: () => now }));
    const same = (await fingerprint(store, workspace.id)) === afterLedger;

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
      events: rawStats.rows,
      rawMb: rawStats.bytes / 2 ** 20,
      snapshots: await count('subscription_snapshots'),
      ledgerRows: await count('ledger_entries'),
      reused,
      raw,
      ledger,
      full,
      incrementalP50: percentile(latencies, 50),
      incrementalP95: percentile(latencies, 95),
      same,
    };
  } finally {
    await store.close();
  }
}

/** A database on the DATABASE_URL server: kept and reused with --reuse, else thrown away. */
async function withPostgres<T>(name: string, keep: boolean, work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (!exists) await admin.query(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      return await work(url.toString());
    } finally {
      if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const msf = (ms: number) => `${ms.toFixed(1)} ms`;
const loads = (m: Measure) => `${m.loadBefore[0].toFixed(2)} → ${m.loadAfter[0].toFixed(2)}`;
const median = (ms: readonly Measure[]) => [...ms].sort((a, b) => a.ms - b.ms)[Math.floor((ms.length - 1) / 2)]!;
const n = (x: number) => x.toLocaleString('en-US');

/** Where a missed target's time went, from what was measured: this process's CPU against the
 *  wall time (the rest is the database working or the machine's other load). */
function missNote(ledger: Measure, full: Measure): string {
  const part = (label: string, m: Measure, target: number) =>
    m.ms <= target ? '' : `${label}: ${s(m.cpuMs)} of its ${s(m.ms)} was this process's CPU (reading rows, computing ledgers, preparing writes); the other ${s(Math.max(0, m.ms - m.cpuMs))} it waited for PostgreSQL (reads, the deletes of the old rows, inserts and their indexes) or for the CPU under the load shown. `;
  const notes = part('Ledger-only', ledger, LEDGER_TARGET_MS) + part('Full re-derive', full, FULL_TARGET_MS);
  return notes === '' ? '' : `${notes}Next steps, by what they would remove: ledgers computed in worker threads for slices of customers while the main thread reads and writes (both cores); COPY (pg-copy-streams) instead of unnest inserts on PostgreSQL; a compact projection of each snapshot selected in SQL, and snapshots that change nothing the ledger reads left out.`;
}

const LEDGER_TARGET_MS = 5_000;
const FULL_TARGET_MS = 30_000;

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '100000'));
  const pgliteCustomers = Number(flag(args, 'pglite-customers', '2000'));
  const only = flag(args, 'only', 'all');
  const reuse = args.includes('--reuse');
  const repeat = Math.max(1, Number(flag(args, 'repeat', '1')));
  const dbName = flag(args, 'db', `revpulse_bench_engine_${customers}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`--db: not a plain database name: ${dbName}`);
  const results: Result[] = [];
  const loadAtStart = load();
  if (only !== 'postgres') results.push(await runOn({ kind: 'pglite', dataDir: null }, 'PGlite (in memory)', pgliteCustomers, { reuse: false, repeat }));
  if (only !== 'pglite' && process.env.DATABASE_URL) {
    const name = reuse ? dbName : `revpulse_bench_${Date.now().toString(36)}`;
    results.push(await withPostgres(name, reuse, (url) => runOn({ kind: 'postgres', url }, 'PostgreSQL', customers, { reuse, repeat })));
  }
  const loadAtEnd = load();
  const table = [
    '| database | customers | raw events (MB) | snapshots | ledger rows | (c) raw read + parse | (a) ledger-only rebuild | (b) full re-derive | (b)/(c) | incremental p50 / p95 | same tables after (a) and (b) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const a = median(r.ledger);
      return `| ${r.backend} | ${n(r.customers)} | ${n(r.events)} (${r.rawMb.toFixed(0)}) | ${n(r.snapshots)} | ${n(r.ledgerRows)} | ${s(r.raw.ms)} | ${s(a.ms)}${r.ledger.length > 1 ? ` (median of ${r.ledger.length})` : ''} | ${s(r.full.ms)} | ${(r.full.ms / r.raw.ms).toFixed(1)} | ${msf(r.incrementalP50)} / ${msf(r.incrementalP95)} | ${r.same ? 'yes' : '**no**'} |`;
    }),
  ].join('\n');
  const detail = [
    '| database | measurement | wall | this process\'s CPU | load average (1 min) before → after |',
    '|---|---|---|---|---|',
    ...results.flatMap((r) => [
      `| ${r.backend} | (c) raw read + parse | ${s(r.raw.ms)} | ${s(r.raw.cpuMs)} | ${loads(r.raw)} |`,
      ...r.ledger.map((m, i) => `| ${r.backend} | (a) ledger-only${r.ledger.length > 1 ? ` #${i + 1}` : ''} | ${s(m.ms)} | ${s(m.cpuMs)} | ${loads(m)} |`),
      `| ${r.backend} | (b) full re-derive | ${s(r.full.ms)} | ${s(r.full.cpuMs)} | ${loads(r.full)} |`,
    ]),
  ].join('\n');
  process.stdout.write(`${table}\n\n${detail}\n\nload average at start ${loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')}\n`);
  if (args.includes('--write')) {
    const big = results.find((r) => r.backend === 'PostgreSQL');
    const verdict = (label: string, ms: number | undefined, target: number) =>
      ms === undefined ? `${label}: not measured (no DATABASE_URL).` : ms <= target ? `${label}: **met** (${s(ms)} ≤ ${s(target)}).` : `${label}: **missed** (${s(ms)} > ${s(target)}).`;
    writeSection('## Engine', `Machine: ${machine()}, PostgreSQL on the same machine. Measured ${new Date().toISOString().slice(0, 10)} with
\`npm run bench -- engine --write${reuse ? ' --reuse' : ''}${repeat > 1 ? ` --repeat ${repeat}` : ''}\`; load average (1, 5, 15 min) at the start ${loadAtStart.join(', ')} and at the end
${loadAtEnd.join(', ')}.

The data set is the demo generator's business over 24 months, stored as raw Stripe events: every subscription, discount,
coupon, price and product event (what the ledger reads) and every customer event (what the customer summaries read),
about ${results[0] ? (results[0].events / results[0].customers).toFixed(1) : '9'} per customer; invoices, charges and payments are left out (the ledger does not read them).
(c) reads every stored payload with a plain \`SELECT payload::text\` through a server-side cursor and \`JSON.parse\`s it:
the floor of any re-derive from the raw log. (a) recomputes every customer's ledger and every derived table from the
stored snapshots (\`revpulse rebuild --ledger-only\`). (b) re-derives everything from the raw log: transform, records,
snapshots, then the ledger (\`revpulse rebuild\`, the same function). "Incremental" is one subscription event stored,
processed and its customer's ledger recomputed. "Same tables": a fingerprint (row count and hash) of every derived table
after (a) equals the one after (b).

${table}

${detail}

Targets (issue 16, 100,000 customers on PostgreSQL): ${verdict('ledger-only ≤ 5 s', big ? median(big.ledger).ms : undefined, LEDGER_TARGET_MS)} ${verdict('full re-derive ≤ 30 s', big?.full.ms, FULL_TARGET_MS)}
${big ? `The full re-derive took ${(big.full.ms / big.raw.ms).toFixed(1)} × the plain read and parse of the same raw log.` : ''}
${big ? missNote(median(big.ledger), big.full) : ''}`);
  }
  return 0;
}
