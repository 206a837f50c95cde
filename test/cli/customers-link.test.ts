// `revpulse customers link|unlink|links` through the real binary, on an embedded database that
// holds two customers of two sources (different e-mails, so only a person can link them).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { upsertRecords } from '../../src/store/records-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const customer = (id: string, email: string) => ({ id, email, name: id, country: null, currency: null, created: 1_735_689_600, deleted: false, metadata: {} });

async function seed(dataDir: string): Promise<string> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    await migrate(store);
    const ws = await ensureWorkspace(store.db, { slug: 'cli-links', name: 'CLI links' });
    await store.db.transaction().execute((trx) => upsertRecords(trx, [
      { workspaceId: ws.id, sourceId: 'src_stripe', eventId: 'evt_1', version: 1_735_689_600, records: { customers: [customer('cus_one', 'one@example.com')] } },
      { workspaceId: ws.id, sourceId: 'src_paypal', eventId: 'evt_2', version: 1_735_689_600, records: { customers: [customer('PAYER2', 'two@example.org')] } },
    ]));
    return ws.id;
  } finally {
    await store.close();
  }
}

describe('revpulse customers', () => {
  it('links, lists, refuses a cycle, and unlinks (remembered for e-mail matching)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-links-'));
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: '' };
    const workspaceId = await seed(dataDir);

    const linked = await runCli(['customers', 'link', 'PAYER2', '--to', 'cus_one', '--workspace', workspaceId], env);
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stdout).toBe('PAYER2 now counts as cus_one in CLI links; figures recomputed.\n');

    const listed = await runCli(['customers', 'links', '--json'], env);
    expect(JSON.parse(listed.stdout).data).toEqual([expect.objectContaining({ customerId: 'PAYER2', canonicalId: 'cus_one', rule: 'mapping', createdBy: 'revpulse customers (command line)' })]);

    const cycle = await runCli(['customers', 'link', 'cus_one', '--to', 'PAYER2'], env);
    expect(cycle.code).toBe(1);
    expect(cycle.stderr.trim()).toBe('revpulse: Cannot link cus_one: linking cus_one to PAYER2 would form a cycle: PAYER2 already counts as cus_one (unlink PAYER2 first).');

    const unlinked = await runCli(['customers', 'unlink', 'PAYER2'], env);
    expect(unlinked.code, unlinked.stderr).toBe(0);
    expect(unlinked.stdout).toBe('PAYER2 counts on its own again (it counted as cus_one by mapping) in CLI links; figures recomputed.\n');
    const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
    try {
      expect(await store.db.selectFrom('customer_identities').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('customer_identity_unlinks').select(['customer_id', 'created_by']).execute()).toEqual([{ customer_id: 'PAYER2', created_by: 'revpulse customers (command line)' }]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
