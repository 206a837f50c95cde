import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDb, type Store } from '../../src/store/db.js';

describe.skipIf(!process.env.DATABASE_URL)('LISTEN survives a dropped connection (postgres)', () => {
  let db: TestDatabase;
  let listenerStore: Store;
  const errors: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    listenerStore = await createDb({ kind: 'postgres', url: db.url! }, { onError: (error, where) => errors.push(`${where}: ${error.message}`) });
  });
  afterAll(async () => {
    await listenerStore?.close();
    await db?.drop();
  });

  it('reconnects and keeps delivering after its backend is terminated', async () => {
    const received: string[] = [];
    await listenerStore.listen('rp_test_channel', (payload) => received.push(payload));
    await sql`select pg_notify('rp_test_channel', 'one')`.execute(db.store.db);
    await expect.poll(() => received).toEqual(['one']);

    const killed = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'LISTEN%'`.execute(db.store.db);
    expect(killed.rows[0]!.n).toBe(1);

    await expect
      .poll(async () => {
        await sql`select pg_notify('rp_test_channel', 'two')`.execute(db.store.db);
        return received.includes('two');
      }, { timeout: 10_000, interval: 300 })
      .toBe(true);
    expect(errors.some((e) => e.startsWith('LISTEN rp_test_channel'))).toBe(true);
  });
});
