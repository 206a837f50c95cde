// Tables added by chart annotations (migration 0005_annotations.sql).
import type { ColumnType } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AnnotationKind = 'launch' | 'campaign' | 'pricing' | 'incident' | 'other';

export type AnnotationsTable = {
  workspace_id: string;
  annotation_id: string;
  /** YYYY-MM-DD (DATE columns are read as strings, src/store/db.ts). */
  day: string;
  title: string;
  description: string | null;
  kind: ColumnType<AnnotationKind, AnnotationKind | undefined, AnnotationKind>;
  created_by: string | null;
  created_by_label: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type AnnotationsDatabase = { annotations: AnnotationsTable };
