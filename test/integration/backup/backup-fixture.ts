// A small database for the backup tests: a probe table with every column type Revpulse uses
// (created outside the migrations, as a table added later would be), and real rows in tables with
// bigserial keys, bytea and jsonb. `canonicalDump` reads every table back as the archive encodes it.
import { sql } from 'kysely';
import type { Store } from '../../../src/store/db.js';
import { describeTables, tableLines } from '../../../src/store/backup-tables.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';

export const PROBE_DDL = `create table backup_probe (
  id bigint primary key, small smallint, n integer, big bigint, amount numeric(24,6), ratio double precision,
  flag boolean, day date, at timestamptz, blob bytea, doc jsonb, label text)`;

export async function createProbeTable(store: Store): Promise<void> {
  await sql.raw(PROBE_DDL).execute(store.db);
}

export async function fillFixture(store: Store, options: { probe?: boolean } = {}): Promise<void> {
  if (options.probe !== false) await fillProbe(store);
  const ws = await ensureWorkspace(store.db, { slug: 'acme', name: 'Acme' });
  for (let i = 0; i < 5; i++) {
    await sql`insert into audit_log (workspace_id, actor_type, actor_label, action, detail) values (${ws.id}, 'cli', 'test', ${`probe.${i}`}, ${JSON.stringify({ i })}::jsonb)`.execute(store.db);
  }
  await sql`insert into security_events (workspace_id, type, severity, detail) values (${ws.id}, 'login_failed', 'warning', '{}'::jsonb)`.execute(store.db);
  await sql`insert into gdpr_requests (workspace_id, request_id, kind, customer_id, requested_by_type, requested_by_label, artifact)
    values (${ws.id}, 'gdpr_1', 'export', 'cus_1', 'cli', 'test', decode('504b0304', 'hex'))`.execute(store.db);
}

async function fillProbe(store: Store): Promise<void> {
  await createProbeTable(store);
  await sql`insert into backup_probe values
    (1, -32768, 2147483647, 9007199254740993, 123456789012345678.123456, 0.1, true, '2024-02-29', '2026-03-18T09:30:00.123456Z',
     decode('00ff10802a0a0d', 'hex'), '{"a": 1.0, "b": [1, "x", null], "big": 123456789012345678901234567890, "é": "ünï\\n"}', e'line\\none "quoted" \\\\ tab\\t é'),
    (2, null, null, null, null, null, null, null, null, null, null, null),
    (3, 0, 0, -1, 0, -1.5e-300, false, '1970-01-01', '1999-12-31T23:59:59Z', decode('', 'hex'), '[]', '')`.execute(store.db);
}

/** Every table's rows as the archive encodes them (the migrations table by version only). */
export async function canonicalDump(store: Store): Promise<Record<string, string[]>> {
  return store.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await sql`select set_config('timezone', 'UTC', true), set_config('extra_float_digits', '1', true)`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const table of await describeTables(trx)) {
      const info = table.name === 'revpulse_migrations' ? { ...table, columns: table.columns.filter((c) => c.name !== 'applied_at') } : table;
      const lines: string[] = [];
      for await (const batch of tableLines(trx, info, 500)) lines.push(...batch);
      out[table.name] = lines;
    }
    return out;
  });
}
