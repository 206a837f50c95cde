// `revpulse gdpr …` through the real binary on an embedded database: an export of a customer that
// does not exist fails with a clear error (recorded in the queue as 'cli'), a delete without a
// terminal and without --yes is refused before anything is queued, and `gdpr requests` lists the
// queue. (A second erasure's refusal is the API test's: test/integration/compliance/gdpr-queue.test.ts.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createDb } from '../../src/store/db.js';
import { claimNextGdprRequest, completeGdprRequest, insertGdprRequest } from '../../src/store/gdpr-requests-repo.js';
import { migrate } from '../../src/store/migrate.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

async function seed(dataDir: string): Promise<string> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    await migrate(store);
    const ws = await ensureWorkspace(store.db, { slug: 'cli-gdpr', name: 'CLI GDPR' });
    const now = new Date('2026-03-02T10:00:00Z');
    await insertGdprRequest(store.db, { workspaceId: ws.id, id: 'gdpr_done', kind: 'delete', customerId: 'cus_gone', requestedBy: { type: 'system', id: null, label: 'seed' }, now });
    const claimed = await claimNextGdprRequest(store.db, { now, staleBefore: new Date(0), requestId: 'gdpr_done' });
    await completeGdprRequest(store.db, { workspaceId: ws.id, id: 'gdpr_done', startedAt: claimed!.startedAt! }, { completedAt: now, result: { counts: { customers: 1 } }, pseudonym: 'Customer 1a2b', artifact: null, artifactExpiresAt: null });
    return ws.id;
  } finally {
    await store.close();
  }
}

describe('revpulse gdpr', () => {
  it('exports (a clear failure for an unknown customer), refuses an unconfirmed erasure, lists the queue', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-gdpr-'));
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: '' };
    const workspaceId = await seed(dataDir);

    const exported = await runCli(['gdpr', 'export', 'cus_nobody', '--out', path.join(dataDir, 'x.zip')], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/^revpulse: gdpr export of cus_nobody failed \(request gdpr_[\w-]+\): No customer cus_nobody in this workspace/m);

    const unconfirmed = await runCli(['gdpr', 'delete', 'cus_other', '--workspace', workspaceId], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Their revenue history is kept only as anonymous amounts, so past figures do not change. This cannot be undone.');
    expect(unconfirmed.stderr).toContain('revpulse: gdpr delete: cannot be undone, and there is no terminal to confirm it: add --yes to go ahead');

    const listed = await runCli(['gdpr', 'requests', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const data = JSON.parse(listed.stdout).data as Array<{ kind: string; customerId: string; status: string; requestedBy: { type: string } }>;
    expect(data.map((r) => [r.kind, r.customerId, r.status, r.requestedBy.type])).toEqual([
      ['export', 'cus_nobody', 'failed', 'cli'],
      ['delete', 'cus_gone', 'completed', 'system'],
    ]);
  }, 120_000);
});
