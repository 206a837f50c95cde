// Large writes go to the database in batches of rows (one statement each), to keep every
// statement's bound parameters within the driver's limits.

/** `rows` cut into consecutive batches of at most `size`, in order. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
