// Backup archives end to end on real databases: write, verify, restore into a fresh database of
// the same kind and of the other kind, row for row identical; damaged archives refused by verify
// naming the file; a non-empty target refused unless forced; sequences past the restored rows.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type BackendName, type TestDatabase } from '../../helpers/db.js';
import { writeBackup } from '../../../src/operations/backup/write-archive.js';
import { verifyBackup } from '../../../src/operations/backup/read-archive.js';
import { restoreBackup } from '../../../src/operations/backup/restore.js';
import { keyFingerprint } from '../../../src/operations/backup/format.js';
import { canonicalDump, createProbeTable, fillFixture } from './backup-fixture.js';

const KEY = 'b'.repeat(64);
const dir = mkdtempSync(path.join(tmpdir(), 'revpulse-backup-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites an archive with `edit` applied to its unpacked files. */
async function repack(from: string, to: string, edit: (folder: string) => void): Promise<void> {
  const folder = mkdtempSync(path.join(dir, 'repack-'));
  await tar.x({ file: from, cwd: folder });
  edit(folder);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { tables: { file: string }[] };
  await tar.c({ gzip: true, file: to, cwd: folder, portable: true }, ['manifest.json', ...manifest.tables.map((t) => t.file)]);
}

describe.each(BACKENDS)('backup and restore (%s source)', (backend) => {
  let source: TestDatabase;
  let archive: string;
  let expected: Record<string, string[]>;
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    source = await openTestDatabase(backend);
    await fillFixture(source.store);
    expected = await canonicalDump(source.store);
    archive = path.join(dir, `${backend}.tar.gz`);
  }, 60_000);
  afterAll(async () => {
    await source?.drop();
    for (const t of targets) await t.drop();
  });

  it('writes a tar.gz that ordinary tools read: a manifest and one JSON-lines file per table', async () => {
    const written = await writeBackup(source.store, { out: archive, keyFingerprint: keyFingerprint(KEY) });
    expect(written.bytes).toBe(statSync(archive).size);
    const listing = execFileSync('tar', ['tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing[0]).toBe('manifest.json');
    expect(listing).toContain('tables/backup_probe.jsonl');
    expect(listing).toContain('tables/revpulse_migrations.jsonl');
    const manifest = written.manifest;
    expect(manifest).toMatchObject({ format: 'revpulse-backup', formatVersion: 1, source: { kind: backend }, excluded: [], secretKey: { fingerprint: keyFingerprint(KEY) } });
    expect(manifest.schemaVersion).toMatch(/^\d{4}$/);
    expect(JSON.stringify(manifest)).not.toContain(KEY);
    // Parents before children: workspaces before audit_log.
    const names = manifest.tables.map((t) => t.name);
    expect(names.indexOf('workspaces')).toBeLessThan(names.indexOf('audit_log'));
    expect(manifest.tables.find((t) => t.name === 'audit_log')?.rows).toBe(5);
    const probe = execFileSync('tar', ['xzOf', archive, 'tables/backup_probe.jsonl'], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(probe[0]).toMatchObject({ id: '1', big: '9007199254740993', amount: '123456789012345678.123456', ratio: 0.1, small: -32768, flag: true, day: '2024-02-29', at: '2026-03-18T09:30:00.123456+00:00', blob: Buffer.from('00ff10802a0a0d', 'hex').toString('base64') });
    expect(probe[0]!.doc).toMatchObject({ b: [1, 'x', null], é: 'ünï\n' });
    expect(probe[1]).toMatchObject({ id: '2', small: null, doc: null });
  });

  it('verifies a sound archive', async () => {
    const verified = await verifyBackup(archive);
    expect(verified.rows).toBe(Object.values(expected).reduce((n, rows) => n + rows.length, 0));
  });

  const kinds: BackendName[] = BACKENDS;
  it.each(kinds)('restores into a fresh %s database, every row identical, sequences past the rows', async (kind) => {
    const target = await openTestDatabase(kind);
    targets.push(target);
    await createProbeTable(target.store); // migrated and empty, with the table added later
    const said: string[] = [];
    const result = await restoreBackup(target.store, archive, { secretKey: 'c'.repeat(64), say: (l) => said.push(l) });
    expect(result.keyMatches).toBe(false);
    expect(said.join('\n')).toMatch(/sealed under the key sha256:/);
    const restored = await canonicalDump(target.store);
    expect(Object.keys(restored).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect(restored[table], table).toEqual(expected[table]);
    const next = await sql<{ entry_id: number }>`insert into audit_log (workspace_id, actor_type, actor_label, action) select workspace_id, 'cli', 't', 'after' from workspaces limit 1 returning entry_id`.execute(target.store.db);
    const max = await sql<{ m: number }>`select max(entry_id) as m from audit_log where action <> 'after'`.execute(source.store.db);
    expect(next.rows[0]!.entry_id).toBe(max.rows[0]!.m + 1);
  }, 60_000);

  it('refuses a non-empty database, and with --force empties it first (audit log included)', async () => {
    const target = targets[0]!;
    await expect(restoreBackup(target.store, archive)).rejects.toThrow(/not empty \(.*rows.*--force/);
    const said: string[] = [];
    const result = await restoreBackup(target.store, archive, { force: true, secretKey: KEY, say: (l) => said.push(l) });
    expect(result.keyMatches).toBe(true);
    expect(said.join('\n')).toMatch(/--force: deleting every row of \d+ tables first .*audit_log 6/);
    const restored = await canonicalDump(target.store);
    for (const table of Object.keys(expected)) expect(restored[table], table).toEqual(expected[table]);
  }, 60_000);

  it('refuses damaged archives, naming the file and line', async () => {
    const bytes = readFileSync(archive);
    const flipped = path.join(dir, `${backend}-flipped.tar.gz`);
    const copy = Buffer.from(bytes);
    copy[Math.floor(copy.length / 2)]! ^= 0xff;
    writeFileSync(flipped, copy);
    await expect(verifyBackup(flipped)).rejects.toThrow(new RegExp(`${flipped}.*damaged|SHA-256 does not match`));

    const truncated = path.join(dir, `${backend}-truncated.tar.gz`);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(verifyBackup(truncated)).rejects.toThrow(/damaged|missing from the archive|cut short/);

    const edited = path.join(dir, `${backend}-edited.tar.gz`);
    await repack(archive, edited, (folder) => {
      const file = path.join(folder, 'tables/audit_log.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace('probe.3', 'probe.9'));
    });
    await expect(verifyBackup(edited)).rejects.toThrow('tables/audit_log.jsonl: its SHA-256 does not match manifest.json');

    const broken = path.join(dir, `${backend}-broken.tar.gz`);
    await repack(archive, broken, (folder) => {
      const file = path.join(folder, 'tables/audit_log.jsonl');
      const text = readFileSync(file, 'utf8').split('\n');
      text[2] = '{"workspace_id": oops';
      const body = text.join('\n');
      writeFileSync(file, body);
      const manifestFile = path.join(folder, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { tables: { name: string; sha256: string }[] };
      manifest.tables.find((t) => t.name === 'audit_log')!.sha256 = createHash('sha256').update(body).digest('hex');
      writeFileSync(manifestFile, JSON.stringify(manifest));
    });
    await expect(verifyBackup(broken)).rejects.toThrow(/^tables\/audit_log\.jsonl line 3: not valid JSON/);
    await expect(restoreBackup(targets[0]!.store, broken, { force: true })).rejects.toThrow(/line 3/);
  }, 60_000);

  it('refuses an archive newer than this build', async () => {
    const newer = path.join(dir, `${backend}-newer.tar.gz`);
    await repack(archive, newer, (folder) => {
      const file = path.join(folder, 'manifest.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"schemaVersion": "\d{4}"/, '"schemaVersion": "9999"'));
    });
    await expect(restoreBackup(targets[0]!.store, newer, { force: true })).rejects.toThrow(/newer Revpulse \(schema 9999\).*upgrade Revpulse/);
  });
});
