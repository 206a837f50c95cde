// Opens what every command needs: the data-folder lock (embedded database only), the database,
// and the schema brought up to date. Closing releases them in reverse order.
import type { Config } from './config.js';
import { acquireDataDirLock, type DataDirLock } from './store/data-dir-lock.js';
import { createDb, type ErrorReporter, type Store } from './store/db.js';
import { migrate } from './store/migrate.js';
import { releaseAllLeases } from './store/raw-events-repo.js';
import { createSecretBox, type SecretBox } from './store/secret-box.js';

export type Runtime = {
  readonly config: Config;
  readonly store: Store;
  readonly box: SecretBox;
  readonly lock: DataDirLock | null;
  readonly applied: string[];
  /** Events a previous process had leased when it died (embedded database only), queued again. */
  readonly releasedLeases: number;
  close(): Promise<void>;
};

export async function openRuntime(config: Config, command: string, options: { onError?: ErrorReporter } = {}): Promise<Runtime> {
  const lock = config.database.kind === 'pglite' ? acquireDataDirLock(config.dataDir, { command }) : null;
  let store: Store | null = null;
  try {
    store = await createDb(config.database, options);
    const applied = await migrate(store);
    // The embedded database has one process (the data-folder lock): leases found now were held
    // by a previous run that died, so its events return to the queue at once.
    const releasedLeases = lock ? await releaseAllLeases(store.db) : 0;
    const opened = store;
    return {
      config,
      store: opened,
      box: createSecretBox(config.secretKey),
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
