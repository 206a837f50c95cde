// Opens what every command needs: the data-folder lock (embedded database only), the database,
// the schema brought up to date, and the secret key. Closing releases them in reverse order.
//
// The secret key: REVPULSE_SECRET_KEY when set. Otherwise, on the embedded database, the key kept
// in the data folder (secret.key), created on the first open — so connecting Stripe needs no
// extra step. On PostgreSQL there is no data folder: without the variable nothing can be sealed
// (`revpulse serve` refuses to start; see api/server.ts).
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from './config.js';
import { acquireDataDirLock, type DataDirLock } from './store/data-dir-lock.js';
import { createDb, type ErrorReporter, type Store } from './store/db.js';
import { migrate } from './store/migrate.js';
import { releaseAllLeases } from './store/raw-events-repo.js';
import type { Database } from './store/schema.js';
import { createSecretBox, createSecretKeyFile, readSecretKeyFile, SECRET_KEY_FILE, SecretKeyFileError, type SecretBox } from './store/secret-box.js';

export type SecretKeySource =
  | { kind: 'env' }
  | { kind: 'file'; file: string; created: boolean }
  | { kind: 'none' };

export type Runtime = {
  readonly config: Config;
  readonly store: Store;
  readonly box: SecretBox;
  /** Where the secret key came from (the file is created on the embedded database's first open). */
  readonly secretKey: SecretKeySource;
  readonly lock: DataDirLock | null;
  readonly applied: string[];
  /** Events a previous process had leased when it died (embedded database only), queued again. */
  readonly releasedLeases: number;
  close(): Promise<void>;
};

export type RuntimeOptions = {
  onError?: ErrorReporter;
  /** Told once, when the key file is created (default: one line on stderr). */
  onSecretKeyCreated?: (file: string) => void;
};

const announceKeyFile = (file: string) =>
  process.stderr.write(`Created the secret key ${file} (it encrypts stored webhook secrets and API keys; back it up with the data folder).\n`);

/** Whether anything in the database is sealed under the installation's key (not the demo key). */
async function hasSealedSecrets(db: Kysely<Database>): Promise<boolean> {
  const sealed = 'v1:k1:%';
  const found = await sql<{ one: number }>`
    select 1 as one from sources where webhook_secret_enc like ${sealed} or api_key_enc like ${sealed}
    union all
    select 1 as one from users where totp_secret_enc like ${sealed} or totp_pending_enc like ${sealed}
    limit 1`.execute(db);
  return found.rows.length > 0;
}

async function resolveSecretKey(config: Config, store: Store, embedded: boolean, announce: (file: string) => void): Promise<{ key: string | undefined; source: SecretKeySource }> {
  if (config.secretKey) return { key: config.secretKey, source: { kind: 'env' } };
  if (!embedded) return { key: undefined, source: { kind: 'none' } };
  const existing = readSecretKeyFile(config.dataDir);
  if (existing) return { key: existing.key, source: { kind: 'file', file: existing.file, created: false } };
  // A new key could never open what an earlier one sealed: say so rather than start half-blind.
  if (await hasSealedSecrets(store.db)) {
    throw new SecretKeyFileError(
      `This database holds secrets sealed under a key that is not here: restore ${path.join(config.dataDir, SECRET_KEY_FILE)} from your backup, or set REVPULSE_SECRET_KEY to the key it used.`,
    );
  }
  const created = createSecretKeyFile(config.dataDir);
  announce(created.file);
  return { key: created.key, source: { kind: 'file', file: created.file, created: true } };
}

export async function openRuntime(config: Config, command: string, options: RuntimeOptions = {}): Promise<Runtime> {
  const lock = config.database.kind === 'pglite' ? acquireDataDirLock(config.dataDir, { command }) : null;
  let store: Store | null = null;
  try {
    store = await createDb(config.database, options);
    const applied = await migrate(store);
    // The embedded database has one process (the data-folder lock): leases found now were held
    // by a previous run that died, so its events return to the queue at once.
    const releasedLeases = lock ? await releaseAllLeases(store.db) : 0;
    const secret = await resolveSecretKey(config, store, lock !== null, options.onSecretKeyCreated ?? announceKeyFile);
    const opened = store;
    return {
      config,
      store: opened,
      box: createSecretBox(secret.key),
      secretKey: secret.source,
      lock,
      applied,
      releasedLeases,
      async close() {
        await opened.close();
        lock?.release();
      },
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
