// Restores a backup archive into a database: verified first (nothing is written from a damaged
// archive), the target migrated to exactly the archive's schema version, every table inserted
// parents first in multi-row batches inside ONE transaction (a failure leaves the target as it
// was), sequences set past the restored rows, and then the remaining migrations applied. Refuses
// an archive newer than this build, a target whose schema is newer than the archive, and a
// target holding data unless `force` (which empties it in the same transaction).
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Store } from '../../store/db.js';
import { describeTables, emptyTables, insertLines, nonEmptyTables, resetSequences, schemaVersion, type TableInfo } from '../../store/backup-tables.js';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../store/migrate.js';
import { BackupError, keyFingerprint, type Manifest } from './format.js';
import { extractBackup, verifyBackup } from './read-archive.js';

export type RestoreOptions = {
  force?: boolean;
  /** The target's secret key, to compare with the archive's fingerprint. */
  secretKey?: string | undefined;
  /** Told what is about to happen and what to watch (the emptied tables, a key mismatch). */
  say?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  batchRows?: number;
  migrationsDir?: string;
};

export type RestoreResult = { manifest: Manifest; rows: number; tables: number; removed: { table: string; rows: number }[]; migratedAfter: string[]; keyMatches: boolean | null };

const MIGRATIONS_TABLE = 'revpulse_migrations';
const BATCH_BYTES = 4 * 1024 * 1024;

async function migrateTo(store: Store, version: string, dir: string): Promise<void> {
  const staged = await mkdtemp(path.join(tmpdir(), 'revpulse-restore-migrations-'));
  try {
    for (const m of await loadMigrations(dir)) {
      if (m.version <= version) await copyFile(path.join(dir, `${m.version}_${m.name}.sql`), path.join(staged, `${m.version}_${m.name}.sql`));
    }
    await migrate(store, staged);
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

function checkTables(manifest: Manifest, target: TableInfo[]): Map<string, TableInfo> {
  const byName = new Map(target.map((t) => [t.name, t]));
  const position = new Map(manifest.tables.map((t, i) => [t.name, i]));
  for (const entry of manifest.tables) {
    const table = byName.get(entry.name);
    if (!table) throw new BackupError(`${entry.file}: the target database has no table ${entry.name} at schema ${manifest.schemaVersion}`);
    const known = new Set(table.columns.map((c) => c.name));
    const missing = entry.columns.find((c) => !known.has(c.name));
    if (missing) throw new BackupError(`${entry.file}: the target's table ${entry.name} has no column ${missing.name}`);
    for (const parent of table.references) {
      const at = position.get(parent);
      if (at !== undefined && at > position.get(entry.name)!) throw new BackupError(`${entry.file}: comes before ${parent}, which it references (the archive's table order is wrong)`);
    }
  }
  return byName;
}

async function* batches(file: string, maxRows: number): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: string[] = [];
  let bytes = 0;
  for await (const line of lines) {
    batch.push(line);
    bytes += line.length;
    if (batch.length >= maxRows || bytes >= BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

export async function restoreBackup(store: Store, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const say = options.say ?? (() => undefined);
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  const { manifest, rows: archived } = await verifyBackup(file);
  const total = archived - (manifest.tables.find((t) => t.name === MIGRATIONS_TABLE)?.rows ?? 0);
  const known = await loadMigrations(dir);
  const latest = known.at(-1)?.version ?? '0000';
  if (manifest.schemaVersion > latest) {
    throw new BackupError(`${file} was made by a newer Revpulse (schema ${manifest.schemaVersion}); this one knows up to ${latest}: upgrade Revpulse, then restore`);
  }
  if (!known.some((m) => m.version === manifest.schemaVersion)) throw new BackupError(`${file}: schema version ${manifest.schemaVersion} is not a migration this Revpulse knows`);
  const current = await schemaVersion(store.db);
  if (current && current > manifest.schemaVersion) {
    throw new BackupError(`the target database is at schema ${current}, newer than the archive's ${manifest.schemaVersion}: restore into a new, empty database (Revpulse migrates it after restoring)`);
  }
  const before = current ? await describeTables(store.db) : [];
  const occupied = await nonEmptyTables(store.db, before);
  if (occupied.length > 0 && !options.force) {
    const list = occupied.slice(0, 5).map((t) => `${t.table}: ${t.rows.toLocaleString('en-US')} rows`).join(', ');
    throw new BackupError(`the target database is not empty (${list}${occupied.length > 5 ? `, and ${occupied.length - 5} more tables` : ''}): restore into an empty database, or pass --force to delete everything in it first`);
  }
  if (occupied.length > 0) say(`--force: deleting every row of ${occupied.length} tables first (${occupied.map((t) => `${t.table} ${t.rows}`).join(', ')}), the audit and security logs included`);

  const targetKey = keyFingerprint(options.secretKey);
  const keyMatches = manifest.secretKey.fingerprint === null ? null : targetKey === manifest.secretKey.fingerprint;
  if (keyMatches === false) {
    say(`Warning: the archive's secrets were sealed under the key ${manifest.secretKey.fingerprint}, and this side's key is ${targetKey ?? 'not set'}. Stored webhook secrets, API keys and TOTP secrets will not open until REVPULSE_SECRET_KEY (or the data folder's secret.key) is that key.`);
  }

  await migrateTo(store, manifest.schemaVersion, dir);
  const tables = checkTables(manifest, await describeTables(store.db));
  const work = await mkdtemp(path.join(tmpdir(), 'revpulse-restore-'));
  let restored = 0;
  try {
    await extractBackup(file, work, manifest);
    await store.db.transaction().execute(async (trx) => {
      if (occupied.length > 0) await emptyTables(trx, [...tables.values()]);
      for (const entry of manifest.tables) {
        if (entry.name === MIGRATIONS_TABLE) continue; // the target's own, migrated to the same version
        const table = tables.get(entry.name)!;
        const columns = entry.columns.map((c) => c.name);
        let rows = 0;
        for await (const batch of batches(path.join(work, entry.file), options.batchRows ?? 1000)) {
          await insertLines(trx, table, columns, batch);
          rows += batch.length;
          restored += batch.length;
          options.onProgress?.(restored, total);
        }
        if (rows !== entry.rows) throw new BackupError(`${entry.file}: restored ${rows} rows, the manifest says ${entry.rows}`);
      }
      await resetSequences(trx);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const migratedAfter = await migrate(store, dir);
  return { manifest, rows: restored, tables: manifest.tables.length, removed: occupied, migratedAfter, keyMatches };
}
