// Bulk writes of many rows in few statements: each column travels as one array parameter and
// `unnest` turns the arrays back into rows, so a statement carries a handful of parameters however
// many rows it writes (the driver's limit on bound parameters never applies). Works the same on
// PostgreSQL and PGlite, inside any transaction. Rows keep their order.
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A column and its SQL type (the element type of its array parameter). */
export type BulkColumn<R> = { name: string; type: 'text' | 'date' | 'bigint' | 'integer' | 'boolean' | 'timestamptz' | 'jsonb'; value: (row: R) => unknown };

const ROWS_PER_STATEMENT = 10_000;

/** Inserts `rows` into `table`; `conflict` is an optional `on conflict …` clause (raw SQL). */
export async function insertRows<R>(
  trx: Transaction<Database>,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  conflict?: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const arrays = columns.map((c) => {
      const values = slice.map((row) => {
        const v = c.value(row);
        return v instanceof Date ? v.toISOString() : v;
      });
      // jsonb travels as text (an array of jsonb values would be nested JSON to the driver).
      return c.type === 'jsonb' ? sql`${sql.val(values)}::text[]` : sql`${sql.val(values)}::${sql.raw(c.type)}[]`;
    });
    const names = sql.join(columns.map((c) => sql.ref(c.name)));
    const select = sql.join(columns.map((c, k) => (c.type === 'jsonb' ? sql`${sql.ref(`u.c${k}`)}::jsonb` : sql.ref(`u.c${k}`))));
    const aliases = sql.raw(columns.map((_, k) => `c${k}`).join(', '));
    await sql`insert into ${sql.table(table)} (${names}) select ${select} from unnest(${sql.join(arrays)}) as u(${aliases}) ${sql.raw(conflict ?? '')}`.execute(trx);
  }
}
