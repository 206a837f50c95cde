// The ingest queue's backlog for the /metrics scrape: how long the oldest waiting event has
// waited, how many wait, how many are parked. Instance-wide on purpose (an operator's gauge, not
// a workspace's figure). Each part reads only the rows of a partial index (raw_events_pending,
// raw_events_dead), which hold just the waiting and parked events, so a scrape stays cheap
// however large the event log grows.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type IngestBacklog = { lagSeconds: number; pending: number; deadLetters: number };

export async function readIngestBacklog(db: Kysely<Database>): Promise<IngestBacklog> {
  // Measured from received_at (when we stored it), not the provider's created time: a backfill of
  // last year's events is not a year of lag. The database's clock on both sides: no skew.
  const result = await sql<{ lag: number | string | null; pending: number | string; dead: number | string }>`
    select
      (select extract(epoch from clock_timestamp() - min(received_at)) from raw_events where processed_at is null and dead_at is null) as lag,
      (select count(*) from raw_events where processed_at is null and dead_at is null) as pending,
      (select count(*) from raw_events where dead_at is not null and processed_at is null) as dead`.execute(db);
  const row = result.rows[0];
  return {
    lagSeconds: row?.lag === null || row?.lag === undefined ? 0 : Math.max(0, Number(row.lag)),
    pending: Number(row?.pending ?? 0),
    deadLetters: Number(row?.dead ?? 0),
  };
}
