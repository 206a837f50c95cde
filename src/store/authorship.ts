// Who wrote a row a user adds from the dashboard (chart annotations, saved filters) and when:
// the same four columns on each such table, read and written the same way.

/** The authorship columns as stored. */
export type AuthorshipRow = { created_by: string | null; created_by_label: string; created_at: Date; updated_at: Date };

/** The authorship of a row as the repositories return it. */
export type Authorship = { createdBy: { userId: string | null; label: string }; createdAt: Date; updatedAt: Date };

export function authorshipOf(row: AuthorshipRow): Authorship {
  return {
    createdBy: { userId: row.created_by, label: row.created_by_label },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The authorship columns of a new row, written by `createdBy` at `now`. */
export function newAuthorship(input: { createdBy: string | null; createdByLabel: string; now: Date }): AuthorshipRow {
  return { created_by: input.createdBy, created_by_label: input.createdByLabel, created_at: input.now, updated_at: input.now };
}
