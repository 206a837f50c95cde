// The load shared by `bench instances` and `bench soak`: a PostgreSQL database with a baseline
// business (fresh, or kept between runs with --reuse), real server processes (bench/_live-server.ts,
// the same one `bench live` runs), WebSocket clients spread over them, and signed Stripe webhooks
// at a steady rate spread over them. For every event: webhook → subscription_changed latency at
// every client, lost and duplicated deliveries, and which server process processed it (a bench-only
// trigger on raw_events records the lease owner as the processed mark is set, so an event
// processed twice shows up twice).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { createApiKey } from '../src/accounts/api-keys.js';
import { DEMO_FX_RATES } from '../src/core/fx.js';
import { generateDemoEvents } from '../src/demo/generate.js';
import { createIngestWorker, storeEvents } from '../src/ingest/pipeline.js';
import { signStripePayload } from '../src/ingest/stripe/verify-signature.js';
import { createLogger } from '../src/logger.js';
import { createDb } from '../src/store/db.js';
import { upsertFxRates } from '../src/store/fx-repo.js';
import { loadMigrations, migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource, listSources } from '../src/store/sources-repo.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { percentile } from './_shared.js';

const SECRET = 'whsec_bench_instances';
export const SECRET_KEY = 'c'.repeat(64);
export const BASELINE_CUSTOMERS = 2000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');
export const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

export function subscriptionEvent(id: number, run: string, created: number) {
  const sub = `sub_${run}_${id}`;
  const price = { id: 'price_bench', object: 'price', active: true, billing_scheme: 'per_unit', created: 1_700_000_000, currency: 'usd', custom_unit_amount: null, livemode: false, lookup_key: null, metadata: {}, nickname: 'Bench', product: 'prod_bench', recurring: { aggregate_usage: null, interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' }, tax_behavior: 'unspecified', tiers_mode: null, transform_quantity: null, type: 'recurring', unit_amount: 2900, unit_amount_decimal: '2900' };
  return {
    id: `evt_${run}_${id}`, object: 'event', api_version: '2024-06-20', created, livemode: false, type: 'customer.subscription.created', pending_webhooks: 1, request: { id: null, idempotency_key: null },
    data: { object: {
      id: sub, object: 'subscription', application: null, billing_cycle_anchor: created, cancel_at: null, cancel_at_period_end: false, canceled_at: null, collection_method: 'charge_automatically',
      created, currency: 'usd', current_period_end: created + 30 * 86_400, current_period_start: created, customer: `cus_${run}_${id}`, days_until_due: null, default_payment_method: null,
      discount: null, discounts: [], ended_at: null, livemode: false, metadata: {}, plan: null, quantity: 1, start_date: created, status: 'active', trial_end: null, trial_start: null,
      items: { object: 'list', has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${sub}`, data: [{ id: `si_${run}_${id}`, object: 'subscription_item', created, metadata: {}, price, quantity: 1, subscription: sub, tax_rates: [] }] },
    } },
  };
}

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    return await admin.query(text);
  } finally {
    await admin.end();
  }
}

export type BenchDb = { url: string; workspaceId: string; sourceId: string; token: string; reused: boolean; drop(): Promise<void> };

/** A database named `name` (kept, with --reuse) or `name_<random>` (dropped at the end), holding
 *  the baseline business, one Stripe source, a viewer API key and the processed-by trigger. */
export async function benchDatabase(name: string, reuse: boolean, template?: string): Promise<BenchDb> {
  const dbName = reuse ? name : `${name}_${randomBytes(3).toString('hex')}`;
  const parsed = new URL(process.env.DATABASE_URL!);
  parsed.pathname = `/${dbName}`;
  const url = parsed.toString();
  let exists = (await adminQuery(`select 1 from pg_database where datname = '${dbName}'`)).rowCount === 1;
  if (exists && !(await isReady(url))) {
    log(`database ${dbName} was left half set up or its migrations changed: starting it again`);
    await adminQuery(`drop database ${dbName} with (force)`);
    exists = false;
  }
  if (!exists) {
    // A ready copy of another bench database saves loading the baseline again.
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${template}`;
    const ready = template && template !== dbName && (await adminQuery(`select 1 from pg_database where datname = '${template}'`)).rowCount === 1 && (await isReady(templateUrl.toString()));
    await adminQuery(ready ? `create database ${dbName} template ${template}` : `create database ${dbName}`);
    if (ready) log(`database ${dbName} copied from ${template}`);
  }
  const store = await createDb({ kind: 'postgres', url });
  try {
    await migrate(store);
    const workspace = await ensureWorkspace(store.db, { slug: 'bench', name: 'Bench' });
    const box = createSecretBox(SECRET_KEY);
    let source = (await listSources(store.db, workspace.id)).find((s) => s.name === 'bench');
    if (!source) {
      await upsertFxRates(store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
      const created = await createSource(store.db, box, { workspaceId: workspace.id, provider: 'stripe', name: 'bench', mode: 'test', webhookSecret: SECRET });
      const baselineEnd = Math.floor(Date.now() / 1000) - 3 * 86_400;
      const baseline = [...generateDemoEvents({ customers: BASELINE_CUSTOMERS, endAt: baselineEnd })];
      for (let i = 0; i < baseline.length; i += 5000) {
        await storeEvents(store, baseline.slice(i, i + 5000).map((e) => ({ workspaceId: workspace.id, sourceId: created.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
      }
      await createIngestWorker({ store, logger: createLogger('warn'), batchSize: 5000, deferLedger: true }).drain();
      source = created;
      log(`baseline: ${BASELINE_CUSTOMERS.toLocaleString('en-US')} demo customers, ${baseline.length.toLocaleString('en-US')} events`);
    } else {
      log(`reusing database ${dbName}`);
    }
    const { token } = await createApiKey(store.db, { workspaceId: workspace.id, name: 'bench', role: 'viewer', createdBy: null, now: new Date() });
    return {
      url, workspaceId: workspace.id, sourceId: source.id, token, reused: exists,
      drop: async () => {
        if (reuse) return;
        await sleep(1000);
        await adminQuery(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      },
    };
  } finally {
    await store.close();
    await installProcessedTrigger(url);
  }
}

/** Set up to the end (the trigger is installed last), with the migrations as they are now? */
async function isReady(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if ((await client.query(`select 1 from pg_trigger where tgname = 'bench_processed'`)).rowCount !== 1) return false;
    const applied = new Map(((await client.query(`select version, checksum from revpulse_migrations`)).rows as { version: string; checksum: string }[]).map((r) => [r.version, r.checksum]));
    return (await loadMigrations()).every((m) => applied.get(m.version) === m.checksum);
  } finally {
    await client.end();
  }
}

/** Bench-only instrumentation (never in a migration): who set each processed mark. */
async function installProcessedTrigger(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      create table if not exists bench_processed (workspace_id text not null, event_id text not null, owner text not null, at timestamptz not null default clock_timestamp());
      create or replace function bench_note_processed() returns trigger language plpgsql as $f$
      begin
        insert into bench_processed (workspace_id, event_id, owner) values (new.workspace_id, new.event_id, coalesce(old.lease_owner, '(no lease)'));
        return new;
      end $f$;
      drop trigger if exists bench_processed on raw_events;
      create trigger bench_processed after update of processed_at on raw_events for each row
        when (old.processed_at is null and new.processed_at is not null) execute function bench_note_processed();`);
  } finally {
    await client.end();
  }
}

export type Server = { child: ChildProcess; pid: number; port: number; stop(): Promise<void> };

/** One real server process (bench/_live-server.ts) on the database. */
export async function startServer(url: string, execArgv: string[] = []): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./_live-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_SECRET_KEY: SECRET_KEY },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  let stopped: Promise<void> | null = null;
  return {
    child, pid: child.pid!, port,
    stop: () => (stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.send({ stop: true });
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    })),
  };
}

/** utime + stime of a process and all its threads, in ms (from /proc). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
}

/** The machine's busy and total CPU ticks (all cores), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const parts = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = parts.reduce((a, b) => a + b, 0);
  const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
  return { busy: total - idle, total };
}

export const busyShare = (a: { busy: number; total: number }, b: { busy: number; total: number }) => (b.busy - a.busy) / Math.max(1, b.total - a.total);

/** Resident set size of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

export type Client = { socket: WebSocket; server: number; seen: Set<string>; seqs: Set<number>; duplicated: number };

export type Probe = {
  clients: Client[];
  connect(servers: readonly Server[], count: number): Promise<void>;
  disconnect(): void;
  /** targets: where the webhooks go (round robin); servers: every running server (CPU measured). */
  step(options: { rate: number; seconds: number; tag: string; targets: readonly Server[]; servers: readonly Server[]; drainMs?: number }): Promise<StepResult>;
};

export type StepResult = {
  rate: number; seconds: number; instances: number; sent: number; failed: number; expected: number; received: number; lost: number; duplicated: number;
  p50: number; p95: number; p99: number; max: number; answerP99: number;
  loadBefore: string; loadAfter: string; serverCpuMs: number[]; wallMs: number;
  /** Share of the whole machine's CPU time that was busy (every process, other helpers' too). */
  machineBusy: number;
};

export function describeStep(r: StepResult): string {
  const cpu = r.serverCpuMs.map((c) => `${((c / r.wallMs) * 100).toFixed(0)}%`).join('+');
  return `${r.instances} inst ${r.rate}/s × ${r.seconds} s: sent ${r.sent}, refused ${r.failed}, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, answer p99 ${r.answerP99.toFixed(1)} ms, lost ${r.lost}, dup ${r.duplicated}, server CPU ${cpu}, machine busy ${(r.machineBusy * 100).toFixed(0)}%, load ${r.loadBefore} → ${r.loadAfter}`;
}

// At most this many connections to the servers: past it, webhooks wait in the agent's queue (their
// latency still counts from when they were due), instead of opening a socket each until the load
// generator runs out of file descriptors when the server falls behind.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** The load generator and its WebSocket clients, for one database's bench workspace. */
export function createProbe(db: BenchDb): Probe {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const clients: Client[] = [];

  return {
    clients,
    async connect(servers, count) {
      for (let i = 0; i < count; i++) {
        const server = servers[i % servers.length]!;
        const socket = new WebSocket(`ws://127.0.0.1:${server.port}/v1/live?workspace=${db.workspaceId}`, { headers: { authorization: `Bearer ${db.token}` } });
        const client: Client = { socket, server: server.pid, seen: new Set(), seqs: new Set(), duplicated: 0 };
        socket.on('message', (raw) => {
          const text = String(raw);
          const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
          if (client.seqs.has(seq)) client.duplicated++;
          client.seqs.add(seq);
          if (!text.startsWith('{"type":"subscription_changed"')) return;
          const at = performance.now();
          const eventId = (JSON.parse(text) as { data: { eventId: string } }).data.eventId;
          const sent = sentAt.get(eventId);
          if (sent === undefined) return;
          if (client.seen.has(eventId)) {
            client.duplicated++;
            return;
          }
          client.seen.add(eventId);
          latencies.push(at - sent);
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        clients.push(client);
      }
    },
    disconnect() {
      for (const c of clients) c.socket.terminate();
      clients.length = 0;
    },
    async step({ rate, seconds, tag, targets, servers, drainMs = 15_000 }) {
      sentAt.clear();
      latencies.length = 0;
      for (const c of clients) c.seen.clear();
      const duplicatedBefore = clients.reduce((s, c) => s + c.duplicated, 0);
      const loadBefore = load();
      const cpuBefore = servers.map((t) => cpuMs(t.pid));
      const machineBefore = machineTicks();
      const total = Math.round(rate * seconds);
      const answers: number[] = [];
      let sent = 0;
      let failed = 0;
      const inFlight = new Set<Promise<void>>();
      const start = performance.now();
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        while (sent < due) {
          const event = subscriptionEvent(sent, tag, Math.floor(Date.now() / 1000));
          const body = JSON.stringify(event);
          const headers = { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, SECRET) };
          const at = performance.now();
          sentAt.set(event.id, at);
          const request: Promise<void> = post(targets[sent % targets.length]!.port, `/webhooks/stripe/${db.sourceId}`, body, headers)
            .then((status) => {
              answers.push(performance.now() - at);
              if (status !== 200) failed++;
            })
            .catch(() => void failed++)
            .finally(() => inFlight.delete(request));
          inFlight.add(request);
          sent++;
        }
        await sleep(2);
      }
      await Promise.all(inFlight);
      const expected = (sent - failed) * clients.length;
      const deadline = performance.now() + drainMs;
      while (clients.reduce((s, c) => s + c.seen.size, 0) < expected && performance.now() < deadline) await sleep(50);
      const wallMs = performance.now() - start;
      const received = clients.reduce((s, c) => s + c.seen.size, 0);
      const sorted = [...latencies].sort((a, b) => a - b);
      answers.sort((a, b) => a - b);
      return {
        rate, seconds, instances: servers.length, sent, failed, expected, received, lost: expected - received,
        duplicated: clients.reduce((s, c) => s + c.duplicated, 0) - duplicatedBefore,
        p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN,
        answerP99: percentile(answers, 99), loadBefore, loadAfter: load(), serverCpuMs: servers.map((t, i) => cpuMs(t.pid) - cpuBefore[i]!), wallMs, machineBusy: busyShare(machineBefore, machineTicks()),
      };
    },
  };
}

export type ProcessedBy = { perPid: Map<number, number>; other: number; events: number; twice: number; pending: number };

/** Waits (up to waitMs) until no event is waiting to be processed: a kept database may hold the
 *  backlog of an interrupted run, which would otherwise weigh on the first measurement. */
export async function waitForEmptyQueue(db: BenchDb, waitMs = 300_000): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const pending = Number((await client.query(`select count(*)::int as n from raw_events where workspace_id = $1 and processed_at is null and dead_at is null`, [db.workspaceId])).rows[0].n);
      if (pending === 0 || Date.now() > deadline) return pending;
      await sleep(1000);
    }
  } finally {
    await client.end();
  }
}

/** Who processed the events whose ids match `like` (a LIKE pattern), from the trigger's marks;
 *  waits up to waitMs for them all to be processed first. */
export async function processedBy(db: BenchDb, like: string, waitMs = 60_000): Promise<ProcessedBy> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const deadline = Date.now() + waitMs;
    let pending = 0;
    for (;;) {
      pending = Number((await client.query(`select count(*)::int as n from raw_events where workspace_id = $1 and event_id like $2 and processed_at is null`, [db.workspaceId, like])).rows[0].n);
      if (pending === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    const rows = (await client.query(`select owner, count(*)::int as n, count(distinct event_id)::int as d from bench_processed where workspace_id = $1 and event_id like $2 group by owner`, [db.workspaceId, like])).rows as { owner: string; n: number }[];
    const totals = (await client.query(`select count(*)::int as n, count(distinct event_id)::int as d from bench_processed where workspace_id = $1 and event_id like $2`, [db.workspaceId, like])).rows[0] as { n: number; d: number };
    const perPid = new Map<number, number>();
    let other = 0;
    for (const r of rows) {
      const pid = Number(r.owner.split(':')[1]);
      if (Number.isInteger(pid) && pid > 0) perPid.set(pid, (perPid.get(pid) ?? 0) + r.n);
      else other += r.n;
    }
    return { perPid, other, events: totals.d, twice: totals.n - totals.d, pending };
  } finally {
    await client.end();
  }
}
