// Real databases for tests: PGlite in memory always, and a fresh PostgreSQL database per test
// file when DATABASE_URL is set (CI sets it). Never a mock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Store } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

export type BackendName = 'pglite' | 'postgres';
export type TestDatabase = { store: Store; url: string | null; drop(): Promise<void> };

export const BACKENDS: BackendName[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of the given kind. */
export async function openTestDatabase(kind: BackendName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const store = await createDb({ kind: 'pglite', dataDir: null });
    if (options.migrate !== false) await migrate(store);
    return { store, url: null, drop: () => store.close() };
  }
  const name = `revpulse_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = withDatabase(process.env.DATABASE_URL!, name);
  const store = await createDb({ kind: 'postgres', url });
  if (options.migrate !== false) await migrate(store);
  return {
    store,
    url,
    async drop() {
      await store.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
