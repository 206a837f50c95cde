// Chart annotations of a workspace: rows in, rows out. The route validates what is stored.
import type { Kysely } from 'kysely';
import { authorshipOf, newAuthorship } from './authorship.js';
import type { Database } from './schema.js';
import type { AnnotationKind } from './schema-annotations.js';

export type Annotation = {
  id: string;
  day: string;
  title: string;
  description: string | null;
  kind: AnnotationKind;
  createdBy: { userId: string | null; label: string };
  createdAt: Date;
  updatedAt: Date;
};

const columns = ['annotation_id', 'day', 'title', 'description', 'kind', 'created_by', 'created_by_label', 'created_at', 'updated_at'] as const;

type Row = { annotation_id: string; day: string; title: string; description: string | null; kind: AnnotationKind; created_by: string | null; created_by_label: string; created_at: Date; updated_at: Date };

function toAnnotation(row: Row): Annotation {
  return {
    id: row.annotation_id,
    day: row.day,
    title: row.title,
    description: row.description,
    kind: row.kind,
    ...authorshipOf(row),
  };
}

/** Annotations whose day is in [from, to] (either bound optional), by day then creation. */
export async function listAnnotations(db: Kysely<Database>, workspaceId: string, range: { from?: string; to?: string } = {}): Promise<Annotation[]> {
  let query = db.selectFrom('annotations').select(columns).where('workspace_id', '=', workspaceId);
  if (range.from) query = query.where('day', '>=', range.from);
  if (range.to) query = query.where('day', '<=', range.to);
  const rows = await query.orderBy('day').orderBy('created_at').orderBy('annotation_id').execute();
  return rows.map(toAnnotation);
}

export async function countAnnotations(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('annotations').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAnnotation(
  db: Kysely<Database>,
  input: { id: string; workspaceId: string; day: string; title: string; description: string | null; kind: AnnotationKind; createdBy: string | null; createdByLabel: string; now: Date },
): Promise<Annotation> {
  const row = await db
    .insertInto('annotations')
    .values({
      workspace_id: input.workspaceId,
      annotation_id: input.id,
      day: input.day,
      title: input.title,
      description: input.description,
      kind: input.kind,
      ...newAuthorship(input),
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toAnnotation(row);
}

export async function updateAnnotation(
  db: Kysely<Database>,
  input: { workspaceId: string; id: string; day?: string; title?: string; description?: string | null; kind?: AnnotationKind; now: Date },
): Promise<Annotation | null> {
  const row = await db
    .updateTable('annotations')
    .set({
      ...(input.day !== undefined ? { day: input.day } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      updated_at: input.now,
    })
    .where('workspace_id', '=', input.workspaceId)
    .where('annotation_id', '=', input.id)
    .returning(columns)
    .executeTakeFirst();
  return row ? toAnnotation(row) : null;
}

export async function deleteAnnotation(db: Kysely<Database>, workspaceId: string, id: string): Promise<Annotation | null> {
  const row = await db.deleteFrom('annotations').where('workspace_id', '=', workspaceId).where('annotation_id', '=', id).returning(columns).executeTakeFirst();
  return row ? toAnnotation(row) : null;
}
