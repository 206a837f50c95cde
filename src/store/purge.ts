// audit_log and security_events are append-only (a trigger refuses UPDATE and DELETE), except
// inside withPurge: erasing one customer's personal data (GDPR) and dropping entries older than
// the retention policy allows. Nothing else may call it (migration 0021 says why).
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.js';

export async function withPurge<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('revpulse.purge', 'on', true)`.execute(trx);
    return work(trx);
  });
}
