// The demo pulse on the real server: a Demo workspace whose history stopped three days ago is
// brought up to now on start (history and daily rates), then signed Stripe events arrive every
// second or so through the real webhook (signature, storage, worker, live feed), and the server
// stops cleanly. A 150-customer demo on the embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';

const DAY = 86_400;

type LogLine = { level: number; msg: string; err?: { message?: string } };

describe('the demo pulse on a running server', () => {
  let dataDir: string;
  let server: RunningServer | null = null;
  let workspaceId: string;
  let startedAt: Date;
  const lines: LogLine[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const env = () => ({
    REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'true', REVPULSE_DEMO_PULSE: '1s', PORT: '0', HOST: '127.0.0.1',
    REVPULSE_SECRET_KEY: TEST_SECRET_KEY, REVPULSE_ADMIN_PASSWORD: 'demo pulse owner passphrase',
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-demo-pulse-'));
    // A small demo whose history ends three days ago, as if the server last ran then.
    const endAt = Math.floor(Date.now() / 60_000) * 60 - 3 * DAY;
    const store = await createDb(loadConfig(env()).database);
    await migrate(store);
    const demo = await ensureDemoWorkspace(store.db, createSecretBox(TEST_SECRET_KEY));
    workspaceId = demo.workspace.id;
    await storeDemoEvents(store, demo, { customers: 150, endAt });
    await createIngestWorker({ store, logger: createLogger('silent'), now: () => new Date(endAt * 1000), batchSize: 2000, deferLedger: true }).drain();
    await store.close();

    startedAt = new Date();
    server = await startServer(loadConfig(env()), { logger: createLogger('info', logStream), print: () => undefined });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const db = () => server!.runtime.store.db;

  /** Events that came through the webhook since the start, and how many of them were processed. */
  const pulseEvents = async () => {
    // A pulse event id is evt_ + run tag (6) + beat (6) + counter (3).
    const rows = await sql<{ n: number; processed: number; beats: number; types: string[] | null }>`
      select count(*)::int as n, count(processed_at)::int as processed, count(distinct substr(event_id, 11, 6))::int as beats,
        array_agg(distinct type) as types from raw_events
      where workspace_id = ${workspaceId} and event_id not like 'evt\\_demo\\_%' and received_at >= ${startedAt}`.execute(db());
    return rows.rows[0]!;
  };

  it('brings the history and the daily rates up to now on start', async () => {
    await expect.poll(async () => {
      const row = await sql<{ n: number; last: Date | null }>`
        select count(*)::int as n, max(event_created) as last from raw_events
        where workspace_id = ${workspaceId} and event_id like 'evt\\_demo\\_%' and length(event_id) = 24`.execute(db());
      return row.rows[0]!.n;
    }, { timeout: 60_000, interval: 500 }).toBeGreaterThan(20);
    const today = new Date().toISOString().slice(0, 10);
    await expect.poll(async () => {
      const row = await sql<{ last: string | null; n: number }>`
        select max(day)::text as last, count(*)::int as n from fx_rates where workspace_id = ${workspaceId} and source = 'demo' and quote_currency = 'usd' and currency = 'eur'`.execute(db());
      return row.rows[0]!;
    }, { timeout: 30_000, interval: 500 }).toMatchObject({ last: today });
  }, 90_000);

  it('posts signed Stripe events through the webhook every second or so; the worker processes them and the live feed publishes', async () => {
    await expect.poll(async () => {
      const { processed, beats } = await pulseEvents();
      return processed >= 3 && beats >= 3;
    }, { timeout: 60_000, interval: 500 }).toBe(true);
    const events = await pulseEvents();
    expect(events.types?.some((t) => t.startsWith('customer.') || t.startsWith('charge.') || t.startsWith('invoice.'))).toBe(true);
    // Nothing the pulse sent was refused or failed (those would be warnings), and none was dropped as malformed.
    const dropped = await sql<{ n: number }>`
      select count(*)::int as n from raw_events where workspace_id = ${workspaceId} and received_at >= ${startedAt}
        and (drop_reason in ('malformed', 'out_of_range', 'unsupported_type') or last_error is not null)`.execute(db());
    expect(dropped.rows[0]!.n).toBe(0);
    await expect.poll(async () => {
      const row = await sql<{ n: number }>`select count(*)::int as n from live_messages where workspace_id = ${workspaceId} and created_at >= ${startedAt}`.execute(db());
      return row.rows[0]!.n;
    }, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    // Every pulse event is dated at the clock: after the start, not in the future beyond a minute.
    const dates = await sql<{ first: Date; last: Date }>`
      select min(event_created) as first, max(event_created) as last from raw_events
      where workspace_id = ${workspaceId} and event_id not like 'evt\\_demo\\_%' and received_at >= ${startedAt}`.execute(db());
    expect(new Date(dates.rows[0]!.first).getTime()).toBeGreaterThanOrEqual(Math.floor(startedAt.getTime() / 1000) * 1000);
    expect(new Date(dates.rows[0]!.last).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(lines.filter((l) => l.level >= 40).map((l) => `${l.msg} ${l.err?.message ?? ''}`)).toEqual([]);
  }, 90_000);

  it('stops cleanly with the server: nothing posted after, no error', async () => {
    const stopping = Date.now();
    await server!.stop();
    expect(Date.now() - stopping).toBeLessThan(15_000);
    const seen = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(lines.slice(seen).filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.filter((l) => l.level >= 40).map((l) => `${l.msg} ${l.err?.message ?? ''}`)).toEqual([]);
    server = null;
  }, 30_000);
});
