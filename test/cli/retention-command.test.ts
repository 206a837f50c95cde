// `revpulse retention run|status` through the real binary on an embedded database: a run applies
// the policy (an old audit entry goes, a recent one stays) and prints what it did; status shows the
// policy and the run; an unknown workspace is a usage error.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { setPolicy } from '../../src/store/retention-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const DAY_MS = 86_400_000;

async function seed(dataDir: string): Promise<string> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    await migrate(store);
    const ws = await ensureWorkspace(store.db, { slug: 'cli-retention', name: 'CLI Retention' });
    await setPolicy(store.db, ws.id, { auditDays: 30 }, 'seed', new Date());
    for (const [action, days] of [['test.old', 45], ['test.new', 5]] as const) {
      await store.db.insertInto('audit_log').values({ workspace_id: ws.id, at: new Date(Date.now() - days * DAY_MS), actor_type: 'system', actor_label: 'seed', action, detail: '{}' }).execute();
    }
    return ws.id;
  } finally {
    await store.close();
  }
}

describe('revpulse retention', () => {
  it('runs the policy and shows the status', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-retention-'));
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: '' };
    const workspaceId = await seed(dataDir);

    const run = await runCli(['retention', 'run', '--workspace', workspaceId], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('CLI Retention: ');
    expect(run.stdout).toContain('audit entries dropped: 1');

    const status = await runCli(['retention', 'status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const [entry] = JSON.parse(status.stdout).data as Array<{ workspaceId: string; policy: { auditDays: number }; runs: Array<{ status: string; counts: Record<string, number> }> }>;
    expect(entry).toMatchObject({ workspaceId, policy: { auditDays: 30 } });
    expect(entry!.runs.map((r) => [r.status, r.counts.audit_entries_deleted])).toEqual([['completed', 1]]);

  }, 120_000);
});
