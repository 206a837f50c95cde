// The audit log and security events stay append-only, except inside withPurge (GDPR erasure and
// retention, migration 0021): there an UPDATE or DELETE goes through, outside it is refused, and
// TRUNCATE is refused everywhere.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPurge } from '../../../src/store/purge.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';

describe.each(BACKENDS)('append-only logs and withPurge (%s)', (kind) => {
  let t: TestDatabase;
  let workspaceId: string;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    workspaceId = (await ensureWorkspace(t.store.db, { slug: 'purge', name: 'Purge' })).id;
    await t.store.db.insertInto('audit_log').values({ workspace_id: workspaceId, actor_type: 'system', actor_label: 'test', action: 'a.one', target_label: 'Jane Doe', detail: '{}' }).execute();
  });
  afterAll(() => t.drop());

  it('refuses an update and a delete outside withPurge', async () => {
    await expect(t.store.db.updateTable('audit_log').set({ target_label: 'x' }).where('workspace_id', '=', workspaceId).execute()).rejects.toThrow(/append-only/);
    await expect(t.store.db.deleteFrom('audit_log').where('workspace_id', '=', workspaceId).execute()).rejects.toThrow(/append-only/);
  });

  it('lets withPurge update and delete, and the setting ends with its transaction', async () => {
    await withPurge(t.store.db, (trx) => trx.updateTable('audit_log').set({ target_label: 'Customer 1' }).where('workspace_id', '=', workspaceId).execute());
    const row = await t.store.db.selectFrom('audit_log').select('target_label').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
    expect(row.target_label).toBe('Customer 1');
    await expect(t.store.db.deleteFrom('audit_log').where('workspace_id', '=', workspaceId).execute()).rejects.toThrow(/append-only/);
    await withPurge(t.store.db, (trx) => trx.deleteFrom('audit_log').where('workspace_id', '=', workspaceId).execute());
    const left = await t.store.db.selectFrom('audit_log').select('entry_id').where('workspace_id', '=', workspaceId).execute();
    expect(left).toHaveLength(0);
  });

  it('refuses TRUNCATE even inside withPurge', async () => {
    await expect(withPurge(t.store.db, (trx) => sql`truncate security_events`.execute(trx))).rejects.toThrow(/append-only/);
  });
});
