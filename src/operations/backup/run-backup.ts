// One backup as the installation records it: the archive written (to --out, or a timestamped
// file in the backup folder), a row in the backup history whatever happened, and — for a backup
// into the folder — the oldest archives there removed so the newest `keep` remain.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Store } from '../../store/db.js';
import { recordBackupRun, type BackupRun } from '../../store/backups-repo.js';
import type { BackupKind } from '../../store/schema-backups.js';
import { newId } from '../../store/ids.js';
import { readSecretKeyFile } from '../../store/secret-box.js';
import { backupFileName, backupsToPrune, keyFingerprint } from './format.js';
import { writeBackup, type BackupProgress } from './write-archive.js';

export type RunBackupInput = {
  store: Store;
  config: Config;
  kind: BackupKind;
  /** Who asked: a person's e-mail, 'cli' or 'schedule'. */
  requestedBy: string;
  now: () => Date;
  /** A file of the caller's choosing; default: a timestamped file in config.backups.dir. */
  out?: string;
  onProgress?: BackupProgress;
};

export type BackupOutcome = BackupRun & { pruned: string[] };

/** The installation's secret key, as the server and the CLI resolve it (never stored). */
export function installationKey(config: Config): string | undefined {
  if (config.secretKey) return config.secretKey;
  return config.database.kind === 'pglite' ? readSecretKeyFile(config.dataDir)?.key : undefined;
}

function folderTarget(dir: string, at: Date): string {
  const base = backupFileName(at);
  let file = path.join(dir, base);
  for (let n = 1; existsSync(file); n++) file = path.join(dir, base.replace('.tar.gz', `-${n}.tar.gz`));
  return file;
}

export async function runBackup(input: RunBackupInput): Promise<BackupOutcome> {
  const startedAt = input.now();
  const intoFolder = input.out === undefined;
  const file = intoFolder ? folderTarget(input.config.backups.dir, startedAt) : path.resolve(input.out!);
  const base = { id: newId('bkp'), kind: input.kind, requestedBy: input.requestedBy, startedAt, file };
  try {
    const written = await writeBackup(input.store, { out: file, keyFingerprint: keyFingerprint(installationKey(input.config)), now: () => startedAt, ...(input.onProgress ? { onProgress: input.onProgress } : {}) });
    const run: BackupRun = {
      ...base,
      status: 'completed',
      finishedAt: input.now(),
      bytes: written.bytes,
      sha256: written.sha256,
      schemaVersion: written.manifest.schemaVersion,
      tables: written.manifest.tables.length,
      rows: written.rows,
      error: null,
    };
    await recordBackupRun(input.store.db, run);
    const pruned = intoFolder ? await prune(input.config.backups.dir, input.config.backups.keep) : [];
    return { ...run, pruned };
  } catch (error) {
    const run: BackupRun = { ...base, status: 'failed', finishedAt: input.now(), bytes: null, sha256: null, schemaVersion: null, tables: null, rows: null, error: (error as Error).message.slice(0, 2000) };
    await recordBackupRun(input.store.db, run).catch(() => undefined);
    throw error;
  }
}

async function prune(dir: string, keep: number): Promise<string[]> {
  const doomed = backupsToPrune(await readdir(dir), keep);
  for (const name of doomed) await rm(path.join(dir, name), { force: true });
  return doomed;
}
