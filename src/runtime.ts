// Opens what every command needs: the data-folder lock (embedded database only), the database,
// and the schema brought up to date. Closing releases them in reverse order.
import type { Config } from './config.js';
import { acquireDataDirLock, type DataDirLock } from './store/data-dir-lock.js';
import { createDb, type ErrorReporter, type Store } from './store/db.js';
import { migrate } from './store/migrate.js';
import { createSecretBox, type SecretBox } from './store/secret-box.js';

export type Runtime = {
  readonly config: Config;
  readonly store: Store;
  readonly box: SecretBox;
  readonly lock: DataDirLock | null;
  readonly applied: string[];
  close(): Promise<void>;
};

export async function openRuntime(config: Config, command: string, options: { onError?: ErrorReporter } = {}): Promise<Runtime> {
  const lock = config.database.kind === 'pglite' ? acquireDataDirLock(config.dataDir, { command }) : null;
  let store: Store | null = null;
  try {
    store = await createDb(config.database, options);
    const applied = await migrate(store);
    const opened = store;
    return {
      config,
      store: opened,
      box: createSecretBox(config.secretKey),
      lock,
      applied,
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
