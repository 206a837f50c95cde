// Rewriting rows in place for a GDPR erasure: any table, chosen rows, their text and JSON columns
// passed through a function (the scrubbers of src/core/personal-data.ts). And the sweep: every
// table of the schema that carries workspace_id, every text and JSON column, rows whose text
// holds one of the customer's known values — so a table added later (a delivery log, a report
// document) is covered without being listed. Key columns and *_id columns are never rewritten
// (an id stays an id: revenue history keeps its customer ids). Call inside withPurge.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Trx = Transaction<Database>;
type Column = { name: string; type: 'text' | 'json' | 'jsonb' | 'other'; key: boolean };
export type TableColumns = Map<string, Column[]>;

/** Tables the sweep leaves alone: the erasure record itself (ids and hashes only). */
const NOT_SWEPT = new Set(['erased_customers']);

/** The columns of every table in the schema, with their kind and whether they are keys. */
export async function tableColumns(trx: Trx): Promise<TableColumns> {
  const result = await sql<{ table_name: string; column_name: string; data_type: string; is_key: boolean }>`
    select c.table_name, c.column_name, c.data_type,
      exists (
        select 1 from information_schema.table_constraints tc
        join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name and k.table_schema = tc.table_schema and k.table_name = tc.table_name
        where tc.table_schema = c.table_schema and tc.table_name = c.table_name and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')
          and k.column_name = c.column_name
      ) as is_key
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
    order by c.table_name, c.ordinal_position`.execute(trx);
  const tables: TableColumns = new Map();
  for (const row of result.rows) {
    const type = row.data_type === 'jsonb' ? 'jsonb' : row.data_type === 'json' ? 'json' : ['text', 'character varying', 'character'].includes(row.data_type) ? 'text' : 'other';
    const columns = tables.get(row.table_name) ?? [];
    columns.push({ name: row.column_name, type, key: row.is_key });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Columns a rewrite may change: text and JSON, not keys, not ids. */
function writable(columns: readonly Column[]): Column[] {
  return columns.filter((c) => c.type !== 'other' && !c.key && c.name !== 'id' && !c.name.endsWith('_id'));
}

/** A row as JSON (text columns as strings, JSON columns as values), keyed by column name. */
export type Row = Record<string, unknown>;

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Passes the chosen rows of `table` through `rewrite` and writes back the text and JSON columns it
 * changed. Returns how many rows changed. `where` is a condition on the table (no alias).
 */
export async function rewriteRows(trx: Trx, tables: TableColumns, table: string, where: RawBuilder<unknown>, rewrite: (row: Row) => Row): Promise<number> {
  if (writable(tables.get(table) ?? []).length === 0) return 0;
  const result = await sql<{ rid: string; row: Row }>`
    select ctid::text as rid, to_jsonb(t) as row from ${sql.table(table)} t where ${where} for update`.execute(trx);
  return rewriteLocked(trx, tables, table, result.rows, rewrite);
}

/** Passes rows already read and locked in this transaction (by their ctid) through `rewrite` and
 *  writes back what changed; returns how many rows changed. */
export async function rewriteLocked(trx: Trx, tables: TableColumns, table: string, rows: readonly { rid: string; row: Row }[], rewrite: (row: Row) => Row): Promise<number> {
  const columns = writable(tables.get(table) ?? []);
  if (columns.length === 0) return 0;
  let changed = 0;
  for (const { rid, row } of rows) {
    const next = rewrite(row);
    const sets = columns.filter((c) => !equal(row[c.name], next[c.name]));
    if (sets.length === 0) continue;
    const assignments = sets.map((c) => {
      const value = next[c.name] ?? null;
      if (c.type === 'text') return sql`${sql.ref(c.name)} = ${value === null ? null : String(value)}`;
      return sql`${sql.ref(c.name)} = cast(${value === null ? null : JSON.stringify(value)} as ${sql.raw(c.type)})`;
    });
    await sql`update ${sql.table(table)} set ${sql.join(assignments)} where ctid = ${rid}::tid`.execute(trx);
    changed += 1;
  }
  return changed;
}

/** LIKE patterns matching text that contains `value` literally (case folded by ILIKE). */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Every row of the workspace, in every table with workspace_id, whose text or JSON holds one of
 * `values` (case-insensitively), passed through `rewrite`. Returns rows changed per table.
 */
export async function sweepWorkspace(trx: Trx, tables: TableColumns, workspaceId: string, values: readonly string[], rewrite: (row: Row) => Row): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (values.length === 0) return counts;
  const patterns = values.map((v) => containsPattern(v.toLowerCase()));
  for (const [table, columns] of tables) {
    if (NOT_SWEPT.has(table) || !columns.some((c) => c.name === 'workspace_id')) continue;
    if (writable(columns).length === 0) continue;
    // The whole row as lower-cased text: one conversion per row, however many columns it has
    // (and LIKE on it, several times faster than ILIKE).
    const changed = await rewriteRows(trx, tables, table, sql`workspace_id = ${workspaceId} and lower(t::text) like any(${sql.val(patterns)}::text[])`, rewrite);
    if (changed > 0) counts[table] = changed;
  }
  return counts;
}

/** Plan, product, price and coupon names of the workspace: never treated as a person's name. */
export async function catalogNames(trx: Trx, workspaceId: string): Promise<Set<string>> {
  const result = await sql<{ name: string }>`
    select name from products where workspace_id = ${workspaceId} and name is not null
    union select name from plans where workspace_id = ${workspaceId} and name is not null
    union select record->>'nickname' from prices where workspace_id = ${workspaceId} and record->>'nickname' is not null
    union select record->>'name' from coupons where workspace_id = ${workspaceId} and record->>'name' is not null`.execute(trx);
  return new Set(result.rows.map((r) => r.name.trim().toLowerCase()));
}
