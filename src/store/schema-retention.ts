// Columns of migration 0028 (retention): when the retention job stripped a stored payload of its
// personal data. Merged with the tables' own shapes by `&` in schema.ts.
import type { ColumnType } from 'kysely';

type ScrubbedAt = { scrubbed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null> };

export type RetentionDatabase = {
  raw_events: ScrubbedAt;
  signal_events: ScrubbedAt;
};
