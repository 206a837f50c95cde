// Saved filter presets of a workspace: named filter sets of a list screen. The filters are
// stored as the route validated them; this file only reads and writes rows.
import type { Kysely } from 'kysely';
import { authorshipOf, newAuthorship } from './authorship.js';
import type { Database } from './schema.js';
import type { SavedFilterScope } from './schema-saved-filters.js';
import { isUniqueViolation } from './db-errors.js';

export type SavedFilter = {
  id: string;
  scope: SavedFilterScope;
  name: string;
  filters: Record<string, unknown>;
  createdBy: { userId: string | null; label: string };
  createdAt: Date;
  updatedAt: Date;
};

/** A preset with this name (ignoring case) already exists on the screen. */
export class SavedFilterNameTaken extends Error {
  override readonly name = 'SavedFilterNameTaken';
}

const columns = ['filter_id', 'scope', 'name', 'filters', 'created_by', 'created_by_label', 'created_at', 'updated_at'] as const;

type Row = {
  filter_id: string;
  scope: SavedFilterScope;
  name: string;
  filters: Record<string, unknown>;
  created_by: string | null;
  created_by_label: string;
  created_at: Date;
  updated_at: Date;
};

function toSavedFilter(row: Row): SavedFilter {
  return {
    id: row.filter_id,
    scope: row.scope,
    name: row.name,
    filters: row.filters,
    ...authorshipOf(row),
  };
}


export async function listSavedFilters(db: Kysely<Database>, workspaceId: string, scope: SavedFilterScope): Promise<SavedFilter[]> {
  const rows = await db
    .selectFrom('saved_filters')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .where('scope', '=', scope)
    .orderBy('name')
    .orderBy('filter_id')
    .execute();
  return rows.map(toSavedFilter);
}

export async function countSavedFilters(db: Kysely<Database>, workspaceId: string, scope: SavedFilterScope): Promise<number> {
  const row = await db
    .selectFrom('saved_filters')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('scope', '=', scope)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSavedFilter(
  db: Kysely<Database>,
  input: { id: string; workspaceId: string; scope: SavedFilterScope; name: string; filters: Record<string, unknown>; createdBy: string | null; createdByLabel: string; now: Date },
): Promise<SavedFilter> {
  try {
    const row = await db
      .insertInto('saved_filters')
      .values({
        workspace_id: input.workspaceId,
        filter_id: input.id,
        scope: input.scope,
        name: input.name,
        filters: JSON.stringify(input.filters),
        ...newAuthorship(input),
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toSavedFilter(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new SavedFilterNameTaken(input.name);
    throw error;
  }
}

/** Renames a preset and/or replaces its filters; null when there is no such preset. */
export async function updateSavedFilter(
  db: Kysely<Database>,
  input: { workspaceId: string; id: string; name?: string; filters?: Record<string, unknown>; now: Date },
): Promise<SavedFilter | null> {
  try {
    const row = await db
      .updateTable('saved_filters')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
        updated_at: input.now,
      })
      .where('workspace_id', '=', input.workspaceId)
      .where('filter_id', '=', input.id)
      .returning(columns)
      .executeTakeFirst();
    return row ? toSavedFilter(row) : null;
  } catch (error) {
    if (isUniqueViolation(error)) throw new SavedFilterNameTaken(input.name ?? '');
    throw error;
  }
}

/** True when a preset was deleted. */
export async function deleteSavedFilter(db: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('saved_filters').where('workspace_id', '=', workspaceId).where('filter_id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
