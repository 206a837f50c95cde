// `revpulse backup [--out FILE]`, `revpulse backup verify FILE` and `revpulse restore FILE
// [--force]` (docs/operations.md#backup-and-restore). The embedded database belongs to one
// process: while a server holds it, back up through that server (Settings → Backups, POST
// /v1/backups or the schedule); these commands stop with a message saying so.
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { acquireDataDirLock, DataDirLockedError } from '../../store/data-dir-lock.js';
import { createDb } from '../../store/db.js';
import { BackupError } from '../../operations/backup/format.js';
import { verifyBackup } from '../../operations/backup/read-archive.js';
import { restoreBackup } from '../../operations/backup/restore.js';
import { installationKey, runBackup } from '../../operations/backup/run-backup.js';
import { progressLine } from '../progress.js';
import { UsageError } from '../usage-error.js';

const RUNNING_SERVER_HINT =
  ' While the server runs, back up through it instead: Settings → Backups → "Back up now", POST /v1/backups, or REVPULSE_BACKUP_SCHEDULE. Stop it to restore.';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs `work`, turning the refusals a person can act on into one line (exit 1). */
async function plainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError) throw new UsageError(error.message, 1);
    if (error instanceof DataDirLockedError) throw new UsageError(error.message + RUNNING_SERVER_HINT, 1);
    throw error;
  }
}

export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description('write a consistent backup of the whole database to a .tar.gz (default: a timestamped file in REVPULSE_BACKUP_DIR)')
    .option('--out <file>', 'the archive to write')
    .action(async (options: { out?: string }) =>
      plainErrors(async () => {
        const config = loadConfig();
        const runtime = await openRuntime(config, 'backup');
        const started = Date.now();
        const progress = progressLine('Backing up');
        try {
          const run = await runBackup({
            store: runtime.store,
            config,
            kind: 'manual',
            requestedBy: 'cli',
            now: () => new Date(),
            ...(options.out ? { out: options.out } : {}),
            onProgress: progress.update,
          });
          progress.done(`Backed up ${run.rows?.toLocaleString('en-US')} rows of ${run.tables} tables (schema ${run.schemaVersion}) in ${seconds(started)}: ${run.file} (${mb(run.bytes ?? 0)}, sha256 ${run.sha256})`);
          if (run.pruned.length > 0) process.stdout.write(`Removed ${run.pruned.length} older backup(s) to keep the newest ${config.backups.keep}: ${run.pruned.join(', ')}\n`);
          process.stdout.write('The secret key is not in the archive: keep REVPULSE_SECRET_KEY (or the data folder\'s secret.key) with your backups.\n');
        } finally {
          await runtime.close();
        }
      }),
    );

  backup
    .command('verify <file>')
    .description("check a backup archive: its manifest, every table file's checksum and row count, every line")
    .action(async (file: string) =>
      plainErrors(async () => {
        const started = Date.now();
        const { manifest, rows, bytes } = await verifyBackup(file);
        process.stdout.write(
          `OK: ${file} (${mb(bytes)}) — schema ${manifest.schemaVersion}, ${manifest.tables.length} tables, ${rows.toLocaleString('en-US')} rows, made ${manifest.createdAt} from ${manifest.source.kind}; secret key ${manifest.secretKey.fingerprint ?? 'none'}; checked in ${seconds(started)}\n`,
        );
      }),
    );

  program
    .command('restore <file>')
    .description('restore a backup archive into an empty database (PGlite or PostgreSQL, whichever made it)')
    .option('--force', 'empty a database that holds data first (everything in it is deleted)')
    .action(async (file: string, options: { force?: boolean }) =>
      plainErrors(async () => {
        const config = loadConfig();
        const lock = config.database.kind === 'pglite' ? acquireDataDirLock(config.dataDir, { command: 'restore' }) : null;
        const started = Date.now();
        try {
          const store = await createDb(config.database);
          try {
            const progress = progressLine('Restoring');
            const result = await restoreBackup(store, file, {
              force: options.force === true,
              secretKey: installationKey(config),
              say: (line) => process.stderr.write(`${line}\n`),
              onProgress: progress.update,
            });
            progress.done(`Restored ${result.rows.toLocaleString('en-US')} rows of ${result.tables} tables (schema ${result.manifest.schemaVersion}, made ${result.manifest.createdAt}) in ${seconds(started)}`);
            if (result.migratedAfter.length > 0) process.stdout.write(`Then applied ${result.migratedAfter.length} newer migration(s): ${result.migratedAfter.join(', ')}\n`);
          } finally {
            await store.close();
          }
        } finally {
          lock?.release();
        }
      }),
    );
}
