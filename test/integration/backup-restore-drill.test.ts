// THE restore drill (issue 17): back up the full demo (the browser tests' cached demo folder,
// built once), restore it into a fresh database of the other kind (PostgreSQL when DATABASE_URL is
// set, else another PGlite), and check that every figure the read side shows (summary, monthly
// periods, the customers list) and every raw event (count and a checksum of the payloads) is
// identical — and every table's rows too. Prints the measured times and the archive's size
// (docs/operations.md#backup-and-restore quotes them).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, TEST_SECRET_KEY, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { builtDemoFolder, DEMO_NOW } from '../helpers/demo-server.js';
import { keyFingerprint } from '../../src/operations/backup/format.js';
import { restoreBackup } from '../../src/operations/backup/restore.js';
import { verifyBackup } from '../../src/operations/backup/read-archive.js';
import { writeBackup } from '../../src/operations/backup/write-archive.js';
import { beginSnapshot, describeTables, tableLines } from '../../src/store/backup-tables.js';
import { createDb, type Store } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';

const work = mkdtempSync(path.join(tmpdir(), 'rp-drill-'));
const target = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A SHA-256 of each table's rows as the archive encodes them (the migrations table by version). */
async function tableDigests(store: Store): Promise<Record<string, string>> {
  return store.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await beginSnapshot(trx);
    const out: Record<string, string> = {};
    for (const table of await describeTables(trx)) {
      const info = table.name === 'revpulse_migrations' ? { ...table, columns: table.columns.filter((c) => c.name !== 'applied_at') } : table;
      const hash = createHash('sha256');
      for await (const lines of tableLines(trx, info)) for (const line of lines) hash.update(line).update('\n');
      out[table.name] = hash.digest('hex');
    }
    return out;
  });
}

/** What the read side shows for the Demo workspace, through the API. */
async function figures(store: Store): Promise<Record<string, unknown>> {
  const t: TestApp = await buildTestApp(store, { now: () => new Date(DEMO_NOW) });
  try {
    const demo = await findWorkspaceBySlug(store.db, 'demo');
    if (!demo) throw new Error('no Demo workspace');
    const { headers } = await apiKeyCaller(t, demo.id, 'viewer');
    const get = async (url: string) => {
      const response = await t.app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}workspace=${demo.id}`, headers });
      expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
      return response.json() as unknown;
    };
    return {
      summary: await get('/v1/metrics/summary'),
      monthly: await get('/v1/metrics/monthly?from=2024-01&to=2026-03'),
      customers: await get('/v1/customers?limit=200'),
      customersByMrr: await get('/v1/customers?limit=200&sort=mrr'),
    };
  } finally {
    await t.close();
  }
}

async function rawEvents(store: Store): Promise<{ count: number; payloads: string }> {
  const { rows } = await sql<{ n: string; digest: string }>`
    select count(*)::text as n, md5(coalesce(string_agg(workspace_id || '/' || source_id || '/' || event_id || '=' || payload::text, E'\n' order by workspace_id, source_id, event_id), '')) as digest
    from raw_events`.execute(store.db);
  return { count: Number(rows[0]!.n), payloads: rows[0]!.digest };
}

describe(`the restore drill: the demo, PGlite → ${target}`, () => {
  let source: Store;
  let restored: TestDatabase;
  const archive = path.join(work, 'demo.tar.gz');
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    const folder = await builtDemoFolder();
    cpSync(folder, path.join(work, 'data'), { recursive: true, filter: (from) => !from.endsWith('.ready') && !from.endsWith('.lock') });
    source = await createDb({ kind: 'pglite', dataDir: path.join(work, 'data', 'pgdata') });
    await migrate(source); // as a server opening the folder would: both sides end at the same schema
    restored = await openTestDatabase(target, { migrate: false });
  }, 600_000);
  afterAll(async () => {
    await source?.close();
    await restored?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up the demo, verifies it and restores it into a fresh database', async () => {
    let started = performance.now();
    const written = await writeBackup(source, { out: archive, keyFingerprint: keyFingerprint(TEST_SECRET_KEY) });
    measured.backupSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const verified = await verifyBackup(archive);
    measured.verifySeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const result = await restoreBackup(restored.store, archive, { secretKey: TEST_SECRET_KEY });
    measured.restoreSeconds = (performance.now() - started) / 1000;
    expect(result.keyMatches).toBe(true);
    expect(result.migratedAfter).toEqual([]);
    expect(result.rows).toBe(written.rows - written.manifest.tables.find((t) => t.name === 'revpulse_migrations')!.rows);
    expect(verified.rows).toBe(written.rows);
    const rawRows = written.manifest.tables.find((t) => t.name === 'raw_events')!.rows;
    expect(rawRows).toBeGreaterThan(10_000);
    console.log(
      `restore drill (demo, PGlite → ${target}): ${written.rows.toLocaleString('en-US')} rows in ${written.manifest.tables.length} tables ` +
        `(${rawRows.toLocaleString('en-US')} raw events); archive ${(written.bytes / 1024 / 1024).toFixed(1)} MB; ` +
        `backup ${measured.backupSeconds!.toFixed(1)} s, verify ${measured.verifySeconds!.toFixed(1)} s, restore ${measured.restoreSeconds!.toFixed(1)} s`,
    );
  }, 600_000);

  it('has every raw event, byte for byte', async () => {
    const before = await rawEvents(source);
    expect(before.count).toBeGreaterThan(10_000);
    expect(await rawEvents(restored.store)).toEqual(before);
  }, 120_000);

  it('has every row of every table identical', async () => {
    // Before the figures: reading them through the API adds an API key on each side.
    const [before, after] = [await tableDigests(source), await tableDigests(restored.store)];
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]);
  }, 300_000);

  it('shows every figure the same: summary, monthly periods, customers', async () => {
    const before = await figures(source);
    expect((before.summary as { mrr?: unknown }).mrr).toBeDefined();
    expect(await figures(restored.store)).toEqual(before);
  }, 300_000);
});
