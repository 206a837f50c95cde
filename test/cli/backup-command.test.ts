// `revpulse backup`, `backup verify` and `restore` as an operator runs them on the embedded
// database: a backup verifies, restores into another data folder (the same rows), a second
// restore is refused without --force, and a data folder held by a running server is refused
// with the way to back it up instead.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli as spawnCli } from '../helpers/run-cli.js';
import { migrate } from '../../src/store/migrate.js';
import { fillFixture } from '../integration/backup/backup-fixture.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { acquireDataDirLock } from '../../src/store/data-dir-lock.js';
import { createDb } from '../../src/store/db.js';
import { listBackupRuns } from '../../src/store/backups-repo.js';

const root = mkdtempSync(path.join(tmpdir(), 'rp-backup-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = (name: string) => ({ REVPULSE_DATA_DIR: path.join(root, name), REVPULSE_DEMO: 'false', REVPULSE_SECRET_KEY: TEST_SECRET_KEY, DATABASE_URL: '' });

/** The real CLI entry, in this process (a child per call would spend seconds starting up). */
async function runCli(args: string[], vars: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'revpulse', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  mkdirSync(path.join(root, 'a'));
  const store = await createDb({ kind: 'pglite', dataDir: path.join(root, 'a', 'pgdata') });
  await migrate(store);
  await fillFixture(store, { probe: false });
  await store.close();
}, 60_000);

describe('revpulse backup and restore', () => {
  const archive = path.join(root, 'out', 'backup.tar.gz');

  it('backs up, verifies, restores into an empty folder and refuses a second restore without --force', async () => {
    const made = await runCli(['backup', '--out', archive], env('a'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Backed up \d+ rows of \d+ tables \(schema \d{4}\)/);
    expect(made.stdout).toMatch(/secret key is not in the archive/);
    expect(readdirSync(path.join(root, 'out'))).toEqual(['backup.tar.gz']); // no work files left

    const verified = await runCli(['backup', 'verify', archive], env('a'));
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: .*backup\.tar\.gz .* schema \d{4}, \d+ tables/);

    const restored = await runCli(['restore', archive], env('b'));
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/Restored \d+ rows of \d+ tables/);
    const store = await createDb({ kind: 'pglite', dataDir: path.join(root, 'b', 'pgdata') });
    try {
      // The history row of this backup is written after its snapshot: the archive never holds it.
      expect(await listBackupRuns(store.db)).toEqual([]);
      const audit = await store.db.selectFrom('audit_log').select('action').orderBy('entry_id').execute();
      expect(audit.map((a) => a.action)).toEqual(['probe.0', 'probe.1', 'probe.2', 'probe.3', 'probe.4']);
    } finally {
      await store.close();
    }

    const again = await runCli(['restore', archive], env('b'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^revpulse: the target database is not empty \(.*\): restore into an empty database, or pass --force/);

    const source = await createDb({ kind: 'pglite', dataDir: path.join(root, 'a', 'pgdata') });
    try {
      expect(await listBackupRuns(source.db)).toEqual([expect.objectContaining({ kind: 'manual', status: 'completed', requestedBy: 'cli', file: archive })]);
    } finally {
      await source.close();
    }
  }, 180_000);

  it('names the damage when verify fails, and sends a running server to back itself up', async () => {
    const missing = await runCli(['backup', 'verify', path.join(root, 'nope.tar.gz')], env('a'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^revpulse: .*nope\.tar\.gz: no such file/);

    const lock = acquireDataDirLock(path.join(root, 'a'), { command: 'serve', url: 'http://127.0.0.1:3999' });
    try {
      // A child process: the lock is this process's, and a holder is never refused by itself.
      const busy = await spawnCli(['backup'], env('a'));
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/in use by Revpulse serve .*Settings → Backups.*POST \/v1\/backups/);
    } finally {
      lock.release();
    }
  }, 60_000);
});
