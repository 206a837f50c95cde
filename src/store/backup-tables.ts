// The SQL of backup and restore (src/operations/backup/): which tables the database has, read
// from the catalog so a table added later is never forgotten; each table's rows as portable JSON
// lines, written by the database itself (so nothing is rounded on the way through JavaScript);
// batches of those lines inserted back; the emptiness check, --force's emptying, and the
// sequences set past the restored rows. Every query names tables from the catalog, quoted.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export type TableColumn = { name: string; type: string };
export type TableInfo = {
  name: string;
  columns: TableColumn[];
  primaryKey: string[];
  /** Tables this one has a foreign key to (itself excluded). */
  references: string[];
};

type Db = Kysely<Database> | Transaction<Database>;

const ident = (name: string) => sql.id(name);
const MIGRATIONS_TABLE = 'revpulse_migrations';

/** Every ordinary table of the public schema, parents before the tables that reference them. */
export async function describeTables(db: Db): Promise<TableInfo[]> {
  const columns = await sql<{ table_name: string; column_name: string; udt: string }>`
    select c.relname as table_name, a.attname as column_name, t.typname as udt
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const keys = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey::int2[])
    where i.indisprimary and n.nspname = 'public'
    order by c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const foreign = await sql<{ table_name: string; ref: string }>`
    select distinct c.relname as table_name, r.relname as ref
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`.execute(db);
  const tables = new Map<string, TableInfo>();
  for (const row of columns.rows) {
    const table = tables.get(row.table_name) ?? { name: row.table_name, columns: [], primaryKey: [], references: [] };
    table.columns.push({ name: row.column_name, type: row.udt });
    tables.set(row.table_name, table);
  }
  for (const row of keys.rows) tables.get(row.table_name)?.primaryKey.push(row.column_name);
  for (const row of foreign.rows) tables.get(row.table_name)?.references.push(row.ref);
  return dependencyOrder([...tables.values()]);
}

/** Parents first (the migrations table before all), ties by name; a cycle is an error. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, path: string[]) => {
    const seen = state.get(table.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(' → ')}`);
    state.set(table.name, 'visiting');
    for (const ref of [...table.references].sort()) {
      const parent = byName.get(ref);
      if (parent) visit(parent, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  const sorted = [...tables].sort((a, b) => (a.name === MIGRATIONS_TABLE ? -1 : b.name === MIGRATIONS_TABLE ? 1 : a.name.localeCompare(b.name)));
  for (const table of sorted) visit(table, []);
  return ordered;
}

/** Starts the backup's snapshot: call first in a REPEATABLE READ transaction. */
export async function beginSnapshot(trx: Transaction<Database>): Promise<void> {
  await sql`set transaction read only`.execute(trx);
  // Timestamps come out as ISO 8601 in UTC; floats as their shortest exact form.
  await sql`select set_config('timezone', 'UTC', true), set_config('extra_float_digits', '1', true)`.execute(trx);
}

/** The latest migration applied (the archive's schema version); null when none. */
export async function schemaVersion(db: Db): Promise<string | null> {
  const exists = await sql<{ found: boolean }>`select to_regclass('public.revpulse_migrations') is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return null;
  const row = await sql<{ version: string | null }>`select max(version) as version from revpulse_migrations`.execute(db);
  return row.rows[0]?.version ?? null;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${ident(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * One JSON object per row, in primary-key order, `batch` rows at a time through a cursor (the
 * whole table is never in memory). int8 and numeric as strings, bytea as base64, timestamps ISO
 * 8601 (UTC, as beginSnapshot set), jsonb as JSON.
 */
export async function* tableLines(trx: Transaction<Database>, table: TableInfo, batch = 2000): AsyncGenerator<string[]> {
  const fields = sql.join(
    table.columns.map((c) => {
      const column = sql`t.${ident(c.name)}`;
      const value =
        c.type === 'int8' || c.type === 'numeric' ? sql`${column}::text`
        : c.type === 'bytea' ? sql`replace(encode(${column}, 'base64'), chr(10), '')`
        : column;
      return sql`${value} as ${ident(c.name)}`;
    }),
  );
  const keys = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
  const order = sql.join(keys.map((k) => sql`t.${ident(k)}`));
  await sql`declare revpulse_backup no scroll cursor for
    select (select row_to_json(r)::text from (select ${fields}) r) as line from ${ident(table.name)} t order by ${order}`.execute(trx);
  try {
    for (;;) {
      const { rows } = await sql<{ line: string }>`fetch forward ${sql.lit(batch)} from revpulse_backup`.execute(trx);
      if (rows.length > 0) yield rows.map((r) => r.line);
      if (rows.length < batch) break;
    }
  } finally {
    await sql`close revpulse_backup`.execute(trx);
  }
}

/** Inserts rows given as JSON lines (the archive's encoding) into `table`, naming `columns`. */
export async function insertLines(trx: Transaction<Database>, table: TableInfo, columns: string[], lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const json = (type: string | undefined) => type === 'jsonb' || type === 'json';
  const record = sql.join(columns.map((name) => sql`${ident(name)} ${sql.raw(json(types.get(name)) ? 'jsonb' : 'text')}`));
  const values = sql.join(
    columns.map((name) => {
      const type = types.get(name)!;
      const field = sql`x.${ident(name)}`;
      if (type === 'bytea') return sql`decode(${field}, 'base64')`;
      if (type === 'jsonb') return field;
      return sql`${field}::${ident(type)}`;
    }),
  );
  await sql`insert into ${ident(table.name)} (${sql.join(columns.map(ident))})
    select ${values} from jsonb_to_recordset(${`[${lines.join(',')}]`}::jsonb) as x(${record})`.execute(trx);
}

/** Tables holding rows (the migrations table aside), with their counts. */
export async function nonEmptyTables(db: Db, tables: TableInfo[]): Promise<{ table: string; rows: number }[]> {
  const found: { table: string; rows: number }[] = [];
  for (const table of tables) {
    if (table.name === MIGRATIONS_TABLE) continue;
    const { rows } = await sql<{ any: boolean }>`select exists (select 1 from ${ident(table.name)}) as any`.execute(db);
    if (rows[0]?.any) found.push({ table: table.name, rows: await countRows(db, table.name) });
  }
  return found;
}

/**
 * Deletes every row of every table but the migrations table, children first. The audit and
 * security logs are append-only (migration 0021): like src/store/purge.ts, this sets
 * revpulse.purge for this transaction only — a restore --force replaces the whole database,
 * those logs included, and says so before it starts.
 */
export async function emptyTables(trx: Transaction<Database>, tables: TableInfo[]): Promise<void> {
  await sql`select set_config('revpulse.purge', 'on', true)`.execute(trx);
  for (const table of [...tables].reverse()) {
    if (table.name === MIGRATIONS_TABLE) continue;
    await sql`delete from ${ident(table.name)}`.execute(trx);
  }
  await sql`select set_config('revpulse.purge', 'off', true)`.execute(trx);
}

/** Sets every sequence owned by a column (bigserial, identity) to the column's max + 1. */
export async function resetSequences(trx: Transaction<Database>): Promise<{ table: string; column: string; next: number }[]> {
  const owned = await sql<{ table_name: string; column_name: string; sequence: string }>`
    select c.relname as table_name, a.attname as column_name, s.oid::regclass::text as sequence
    from pg_depend d
    join pg_class s on s.oid = d.objid and s.relkind = 'S'
    join pg_class c on c.oid = d.refobjid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
    where n.nspname = 'public' and d.deptype in ('a', 'i')
    order by 1, 2`.execute(trx);
  const done: { table: string; column: string; next: number }[] = [];
  for (const row of owned.rows) {
    const { rows } = await sql<{ next: string }>`
      select setval(${row.sequence}::regclass, coalesce(max(${ident(row.column_name)}), 0) + 1, false)::text as next
      from ${ident(row.table_name)}`.execute(trx);
    done.push({ table: row.table_name, column: row.column_name, next: Number(rows[0]?.next ?? 1) });
  }
  return done;
}
