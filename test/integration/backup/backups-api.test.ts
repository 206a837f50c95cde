// The backup history in Settings and scheduled backups: POST /v1/backups writes an archive into
// the backup folder for an owner of the home workspace (refused to anyone else), GET lists the
// history with the schedule; the scheduled job keeps the newest REVPULSE_BACKUP_KEEP; a failed
// backup is in the history with its error; a schedule that is not cron stops start-up.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember } from '../../helpers/auth.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createBackupScheduleJob } from '../../../src/jobs/backup-schedule.js';
import { createLogger } from '../../../src/logger.js';
import { verifyBackup } from '../../../src/operations/backup/read-archive.js';
import { runBackup } from '../../../src/operations/backup/run-backup.js';
import { listBackupRuns } from '../../../src/store/backups-repo.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('backups in Settings and on a schedule (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  const dir = mkdtempSync(path.join(tmpdir(), 'rp-backups-api-'));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { env: { REVPULSE_BACKUP_DIR: dir, REVPULSE_BACKUP_KEEP: '2', REVPULSE_BACKUP_SCHEDULE: '0 3 * * *' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up now for an owner of the home workspace, and lists the history with the schedule', async () => {
    const home = await ensureWorkspace(db.store.db, { slug: 'default', name: 'Home' });
    const other = await ensureWorkspace(db.store.db, { slug: 'elsewhere', name: 'Elsewhere' });
    const owner = await signedInMember(t, [{ workspaceId: home.id, role: 'owner' }]);
    const admin = await signedInMember(t, [{ workspaceId: home.id, role: 'admin' }, { workspaceId: other.id, role: 'owner' }]);

    for (const caller of [admin]) {
      expect((await t.app.inject({ method: 'POST', url: '/v1/backups', headers: caller.headers, payload: {} })).json()).toMatchObject({ error: { code: 'RVP_FORBIDDEN', message: /home workspace/ } });
      expect((await t.app.inject({ url: '/v1/backups', headers: caller.headers })).statusCode).toBe(403);
    }
    const made = await t.app.inject({ method: 'POST', url: '/v1/backups', headers: owner.headers, payload: {} });
    expect(made.statusCode, made.body).toBe(201);
    const run = made.json().run;
    expect(run).toMatchObject({ kind: 'manual', status: 'completed', requestedBy: owner.email, error: null });
    expect(path.dirname(run.file)).toBe(dir);
    expect(path.basename(run.file)).toMatch(/^revpulse-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    expect((await verifyBackup(run.file)).rows).toBe(run.rows);

    const list = await t.app.inject({ url: '/v1/backups', headers: owner.headers });
    expect(list.json()).toMatchObject({ schedule: '0 3 * * *', dir, keep: 2, database: backend, data: [{ id: run.id, sha256: run.sha256 }] });
    const audit = await db.store.db.selectFrom('audit_log').select(['action', 'target_id']).where('workspace_id', '=', home.id).where('action', '=', 'backup.created').execute();
    expect(audit).toEqual([{ action: 'backup.created', target_id: run.id }]);
  }, 60_000);

  it('runs scheduled backups into the folder, keeping the newest two', async () => {
    let clock = Date.parse('2030-01-01T03:00:00Z');
    const job = createBackupScheduleJob({ store: db.store, logger: createLogger('silent'), now: () => new Date((clock += 1000)), bus: t.ctx.bus, config: t.ctx.config, box: t.ctx.box });
    const files: string[] = [];
    for (let i = 0; i < 3; i++) files.push((await job.run())!.file);
    await job.stop();
    expect(readdirSync(dir).sort()).toEqual(files.slice(1).map((f) => path.basename(f)).sort());
    const history = await listBackupRuns(db.store.db);
    expect(history.filter((r) => r.kind === 'scheduled').map((r) => r.requestedBy)).toEqual(['schedule', 'schedule', 'schedule']);
  }, 60_000);

  it('records a failed backup with its error', async () => {
    await expect(runBackup({ store: db.store, config: t.ctx.config, kind: 'manual', requestedBy: 'cli', now: () => new Date(), out: '/dev/null/cannot.tar.gz' })).rejects.toThrow();
    const failed = (await listBackupRuns(db.store.db)).filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: 'failed', file: '/dev/null/cannot.tar.gz', bytes: null, error: expect.stringMatching(/ENOTDIR|EEXIST|not a directory/i) });
  });
});

describe('REVPULSE_BACKUP_SCHEDULE', () => {
  it('takes cron or off, and stops start-up with one line otherwise', () => {
    expect(loadConfig({ REVPULSE_BACKUP_SCHEDULE: '0 3 * * *' }).backups.schedule).toBe('0 3 * * *');
    expect(loadConfig({}).backups.schedule).toBe('off');
    expect(() => loadConfig({ REVPULSE_BACKUP_SCHEDULE: 'every night' })).toThrow(ConfigError);
    expect(() => loadConfig({ REVPULSE_BACKUP_SCHEDULE: 'every night' })).toThrow(/REVPULSE_BACKUP_SCHEDULE must be a cron expression/);
  });
});
