// One way to open the database, whatever it is: PostgreSQL through `pg` in production, or the
// embedded PGlite (a data folder, or memory) for a one-command start and for throw-away work.
// Both speak the same SQL and run the same migrations; both return int8 as a JS number and
// `date` as a 'YYYY-MM-DD' string.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';
import { trackDbPool } from '../observability/metrics.js';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export type Store = {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseTarget['kind'];
  /** Runs `work` on one session that can execute multi-statement SQL text (migrations). */
  withScriptSession<T>(work: (run: (script: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

const INT8 = 20;
const DATE = 1082;
const parseInt8 = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value out of safe range: ${value}`);
  return n;
};
const keepDate = (value: string) => value;

export type ErrorReporter = (error: Error, where: string) => void;

export async function createDb(target: DatabaseTarget, options: { onError?: ErrorReporter } = {}): Promise<Store> {
  const onError = options.onError ?? (() => undefined);
  return target.kind === 'postgres' ? openPostgres(target.url, onError) : openPglite(target.dataDir);
}

async function openPglite(dataDir: string | null): Promise<Store> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [INT8]: parseInt8, [DATE]: keepDate },
    extensions: { pg_trgm }, // customer search's trigram indexes (migration 0029)
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    withScriptSession: (work) =>
      work(async (script) => {
        const results = await pglite.exec(script);
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      }),
    listen: async (channel, onMessage) => {
      const unsubscribe = await pglite.listen(channel, onMessage);
      return () => unsubscribe();
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === DATE) return keepDate;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

async function openPostgres(url: string, onError: ErrorReporter): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes, connectionTimeoutMillis: 10_000 });
  // A connection that dies (server restart, failover, pg_terminate_backend, network) must not
  // take the process down: the pool reports idle ones, and a client in use gets its own
  // listener (pg emits 'error' on a checked-out client, and an unheard 'error' kills the
  // process). The query in flight fails on its own and the pool discards the broken client.
  pool.on('error', (error) => onError(error, 'idle connection'));
  pool.on('connect', (client) => {
    client.on('error', (error) => onError(error, 'connection in use'));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const untrackPool = trackDbPool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })); // GET /metrics
  const listeners = new Set<{ close(): Promise<void> }>();
  return {
    db,
    kind: 'postgres',
    withScriptSession: async (work) => {
      const client = await pool.connect();
      try {
        return await work(async (script) => {
          const result = (await client.query(script)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        client.release();
      }
    },
    listen: async (channel, onMessage) => {
      const listener = await createListener(url, channel, onMessage, onError);
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.close();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
      untrackPool();
      await db.destroy();
    },
  };
}

/**
 * A dedicated LISTEN connection that reconnects (with backoff, up to 10 s between tries) when it
 * drops. Notifications sent while it is down are missed; live clients catch up with ?since=.
 */
async function createListener(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onError: ErrorReporter,
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, types: pgTypes });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    next.on('error', (error) => onError(error, `LISTEN ${channel}`));
    next.on('end', () => {
      if (!closed && client === next) schedule(500);
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  };
  const schedule = (delay: number) => {
    client = null;
    retry = setTimeout(() => {
      connect().catch((error: Error) => {
        onError(error, `reconnecting LISTEN ${channel}`);
        if (!closed) schedule(Math.min(delay * 2, 10_000));
      });
    }, delay);
    retry.unref();
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
