// One sync per source at a time. Within a process a set of the sources being synced; across
// instances sharing PostgreSQL a session-level advisory lock, held on a dedicated connection for
// as long as the sync runs (it is released when that connection closes, so a crashed instance
// never leaves a source locked). The embedded database is one process by construction (the
// data-folder lock), and its single session would make the advisory lock re-entrant, so there
// the in-process set is the whole story.
import { sql } from 'kysely';
import type { Store } from './db.js';

/** The advisory-lock namespace of source syncs (the first key of the two-key form). */
const SYNC_LOCK_NAMESPACE = 72_657_671;

const running = new WeakMap<Store, Set<string>>();

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export async function withSourceLock<T>(store: Store, sourceId: string, work: () => Promise<T>): Promise<LockResult<T>> {
  const held = running.get(store) ?? running.set(store, new Set()).get(store)!;
  if (held.has(sourceId)) return { acquired: false };
  held.add(sourceId);
  try {
    if (store.kind !== 'postgres') return { acquired: true, value: await work() };
    return await store.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${SYNC_LOCK_NAMESPACE}, hashtext(${sourceId})) as ok`.execute(connection);
      if (!rows[0]?.ok) return { acquired: false as const };
      try {
        return { acquired: true as const, value: await work() };
      } finally {
        await sql`select pg_advisory_unlock(${SYNC_LOCK_NAMESPACE}, hashtext(${sourceId}))`.execute(connection);
      }
    });
  } finally {
    held.delete(sourceId);
  }
}
