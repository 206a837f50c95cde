// Customers erased under GDPR (migration 0026) and the check every store of incoming data makes
// against them: a raw provider event, a tracking message, a support ticket or survey response
// naming an erased customer (by id, product account, tracking user, or one of the personal values
// it had, known here only by hash) is scrubbed before it is written. The erased customers of a
// workspace are cached per workspace for a few seconds; an erasure in this process clears the
// cache at once (another instance sees it within CACHE_MS).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { pseudonymFor, pseudonymReplacer, scrubPayload, stringsIn, type Pseudonym } from '../core/personal-data.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ErasureRecord = {
  workspaceId: string;
  customerId: string;
  mode: 'anonymise' | 'delete';
  pseudonym: Pseudonym;
  /** Customer ids (its own and linked ones), product account ids, tracking user ids. */
  ids: readonly string[];
  /** Personal values it had (e-mails, names, phones, street lines): stored only as hashes. */
  values: readonly string[];
  at: Date;
};

/** The hash a personal value is recognised by: workspace-scoped, trimmed, case-insensitive. */
export function valueHash(workspaceId: string, value: string): string {
  return createHash('sha256').update(`${workspaceId}\u0000${value.trim().toLowerCase()}`).digest('hex');
}

export async function recordErasure(trx: Db, record: ErasureRecord): Promise<void> {
  const hashes = [...new Set(record.values.filter((v) => v.trim() !== '').map((v) => valueHash(record.workspaceId, v)))].sort();
  await sql`
    insert into erased_customers (workspace_id, customer_id, mode, pseudonym_name, pseudonym_email, ids, value_hashes, erased_at)
    values (${record.workspaceId}, ${record.customerId}, ${record.mode}, ${record.pseudonym.name}, ${record.pseudonym.email},
      ${JSON.stringify([...new Set(record.ids)].sort())}::jsonb, ${JSON.stringify(hashes)}::jsonb, ${record.at.toISOString()}::timestamptz)
    on conflict (workspace_id, customer_id) do update set mode = excluded.mode,
      ids = (select jsonb_agg(distinct v) from jsonb_array_elements(erased_customers.ids || excluded.ids) v),
      value_hashes = (select jsonb_agg(distinct v) from jsonb_array_elements(erased_customers.value_hashes || excluded.value_hashes) v),
      erased_at = excluded.erased_at`.execute(trx);
  forgetErasedCache(record.workspaceId);
}

/** What a workspace's later data is checked against. */
export type ErasedSubjects = {
  workspaceId: string;
  byId: ReadonlyMap<string, Pseudonym>;
  byHash: ReadonlyMap<string, Pseudonym>;
};

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; subjects: ErasedSubjects | null }>();

export function forgetErasedCache(workspaceId?: string): void {
  if (workspaceId === undefined) cache.clear();
  else cache.delete(workspaceId);
}

/** The workspace's erased customers (null when there are none, the usual case). */
export async function erasedSubjects(db: Db, workspaceId: string): Promise<ErasedSubjects | null> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.subjects;
  const result = await sql<{ pseudonym_name: string; pseudonym_email: string; ids: string[]; value_hashes: string[] }>`
    select pseudonym_name, pseudonym_email, ids, value_hashes from erased_customers where workspace_id = ${workspaceId}`.execute(db);
  let subjects: ErasedSubjects | null = null;
  if (result.rows.length > 0) {
    const byId = new Map<string, Pseudonym>();
    const byHash = new Map<string, Pseudonym>();
    for (const row of result.rows) {
      const pseudonym = { name: row.pseudonym_name, email: row.pseudonym_email };
      for (const id of row.ids) byId.set(id, pseudonym);
      for (const hash of row.value_hashes) byHash.set(hash, pseudonym);
    }
    subjects = { workspaceId, byId, byHash };
  }
  cache.set(workspaceId, { at: Date.now(), subjects });
  return subjects;
}

type Match = { pseudonym: Pseudonym; byValue: boolean };

/** Whether a string names an erased customer: as an id (a PayPal payer id, an import row's
 *  customer id within its source) or as one of its personal values. */
function matcher(subjects: ErasedSubjects, sourceId: string | null): (s: string) => Match | null {
  // Payloads repeat the same strings ("usd", "active", ids): each is hashed once per payload.
  const seen = new Map<string, Match | null>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    let found: Match | null = null;
    const id = subjects.byId.get(s) ?? subjects.byId.get(`paypal_${s}`) ?? (sourceId !== null ? subjects.byId.get(`${sourceId}:${s}`) : undefined);
    if (id) found = { pseudonym: id, byValue: false };
    else if (s.length <= 500 && s.trim() !== '') {
      const value = subjects.byHash.get(valueHash(subjects.workspaceId, s));
      if (value) found = { pseudonym: value, byValue: true };
    }
    seen.set(s, found);
    return found;
  };
}

/** A payload naming an erased customer, scrubbed (personal fields by path, then any string equal
 *  to one of its known values); any other payload as it is. */
export function scrubForErased(subjects: ErasedSubjects, payload: unknown, sourceId: string | null): unknown {
  const match = matcher(subjects, sourceId);
  let found: Match | null = null;
  for (const s of stringsIn(payload)) {
    found = match(s);
    if (found) break;
  }
  if (!found) return payload;
  const pseudonym = found.pseudonym;
  const byPath = scrubPayload(payload, pseudonymReplacer(pseudonym));
  const stand = pseudonymFor(pseudonym);
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return match(value)?.byValue ? stand(value) : value;
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return visit(byPath);
}

/** Rows about to be stored, with those naming an erased customer scrubbed (`payloadOf`/`withPayload`
 *  reach the row's payload); the same array when the workspace has erased nobody. */
export async function scrubIncoming<T extends { workspaceId: string }>(
  db: Db,
  rows: readonly T[],
  payloadOf: (row: T) => { payload: unknown; sourceId: string | null },
  withPayload: (row: T, payload: unknown) => T,
): Promise<readonly T[]> {
  const workspaces = [...new Set(rows.map((r) => r.workspaceId))];
  const subjects = new Map<string, ErasedSubjects>();
  for (const ws of workspaces) {
    const found = await erasedSubjects(db, ws);
    if (found) subjects.set(ws, found);
  }
  if (subjects.size === 0) return rows;
  return rows.map((row) => {
    const s = subjects.get(row.workspaceId);
    if (!s) return row;
    const { payload, sourceId } = payloadOf(row);
    const scrubbed = scrubForErased(s, payload, sourceId);
    return scrubbed === payload ? row : withPayload(row, scrubbed);
  });
}
