// A workspace's segments: named customer filters (GET /v1/customers parameters, as the route
// validated them) with the action suggested for their customers. This file only reads and
// writes rows; the figures are src/read/segments.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { uniqueOr } from './db-errors.js';

export type StoredSegment = {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  action: string;
  position: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A segment with this name (ignoring case) already exists in the workspace. */
export class SegmentNameTaken extends Error {
  override readonly name = 'SegmentNameTaken';
}

const columns = ['segment_id', 'name', 'filters', 'action', 'position', 'created_by', 'created_at', 'updated_at'] as const;

type Row = { segment_id: string; name: string; filters: Record<string, unknown>; action: string; position: number; created_by: string | null; created_at: Date; updated_at: Date };

function toSegment(r: Row): StoredSegment {
  return { id: r.segment_id, name: r.name, filters: r.filters, action: r.action, position: r.position, createdBy: r.created_by, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) };
}

const unique = <T,>(work: Promise<T>): Promise<T> => uniqueOr(work, () => new SegmentNameTaken());

export async function listSegments(db: Kysely<Database>, workspaceId: string): Promise<StoredSegment[]> {
  const rows = await db.selectFrom('segments').select(columns).where('workspace_id', '=', workspaceId).orderBy('position').orderBy('created_at').orderBy('segment_id').execute();
  return rows.map(toSegment);
}

export async function countSegments(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('segments').select((eb) => eb.fn.countAll<string | number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSegment(
  db: Kysely<Database>,
  input: { id: string; workspaceId: string; name: string; filters: Record<string, unknown>; action: string; position: number; createdBy: string | null; now: Date },
): Promise<StoredSegment> {
  const row = await unique(db.insertInto('segments').values({
    workspace_id: input.workspaceId, segment_id: input.id, name: input.name, filters: JSON.stringify(input.filters), action: input.action,
    position: input.position, created_by: input.createdBy, created_at: input.now, updated_at: input.now,
  }).returning(columns).executeTakeFirstOrThrow());
  return toSegment(row);
}

/** Changes the given fields; null when no such segment. */
export async function updateSegment(
  db: Kysely<Database>,
  input: { workspaceId: string; id: string; name?: string; filters?: Record<string, unknown>; action?: string; position?: number; now: Date },
): Promise<StoredSegment | null> {
  const row = await unique(db.updateTable('segments').set({
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
    ...(input.action !== undefined ? { action: input.action } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    updated_at: input.now,
  }).where('workspace_id', '=', input.workspaceId).where('segment_id', '=', input.id).returning(columns).executeTakeFirst());
  return row ? toSegment(row) : null;
}

export async function deleteSegment(db: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('segments').where('workspace_id', '=', workspaceId).where('segment_id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
