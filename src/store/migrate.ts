// Applies migrations/NNNN_name.sql in order, each in its own transaction, recording version and
// checksum in revpulse_migrations (the one table without workspace_id: it describes the schema,
// not a tenant's data). A landed migration must never change: a checksum mismatch stops
// start-up. An advisory lock keeps two instances from migrating at once.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './db.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 72_657_670; // any constant shared by every instance

export type Migration = { version: string; name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`migration file name must look like 0001_name.sql: ${file}`);
      const text = await readFile(path.join(dir, file), 'utf8');
      return {
        version: match[1]!,
        name: match[2]!,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    }),
  );
}

const CREATE_TABLE = `create table if not exists revpulse_migrations (
  version text primary key, name text not null, checksum text not null,
  applied_at timestamptz not null default now())`;

/** Applies what is missing; returns the names of the migrations it applied. */
export async function migrate(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  return store.withScriptSession(async (run) => {
    await run(`select pg_advisory_lock(${LOCK_KEY})`);
    try {
      await run(CREATE_TABLE);
      const rows = await run('select version, checksum from revpulse_migrations');
      const applied = new Map(rows.map((r) => [String(r.version), String(r.checksum)]));
      const done: string[] = [];
      for (const m of migrations) {
        const checksum = applied.get(m.version);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) {
            throw new MigrationError(
              `migration ${m.version}_${m.name} was edited after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        // version, name and checksum are [0-9a-z_] by construction: safe to inline.
        await run(
          `begin;\n${m.sql}\n;insert into revpulse_migrations (version, name, checksum) values ('${m.version}', '${m.name}', '${m.checksum}');\ncommit;`,
        ).catch(async (error: unknown) => {
          await run('rollback').catch(() => undefined);
          throw new MigrationError(`migration ${m.version}_${m.name} failed: ${(error as Error).message}`);
        });
        done.push(`${m.version}_${m.name}`);
      }
      return done;
    } finally {
      await run(`select pg_advisory_unlock(${LOCK_KEY})`);
    }
  });
}

/** True when every migration on disk has been applied (for /readyz). */
export async function pendingMigrations(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  const rows = await store.db
    .selectFrom('revpulse_migrations')
    .select('version')
    .execute()
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.version));
  return migrations.filter((m) => !applied.has(m.version)).map((m) => `${m.version}_${m.name}`);
}
