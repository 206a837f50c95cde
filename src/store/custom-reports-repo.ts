// A workspace's custom report definitions (table custom_reports): read and write rows only. The
// definition is stored as given; src/reports/custom-reports.ts checks it with the contract's zod
// schema on the way in and on the way out (the store does not import the read side's contracts).
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { uniqueOr } from './db-errors.js';

/** A workspace already has a custom report of that name (ignoring case). */
export class CustomReportNameTaken extends Error {
  override readonly name = 'CustomReportNameTaken';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new custom report id: `rpt_` and 16 letters or digits (customReportId in the contract). */
export function newCustomReportId(): string {
  let id = 'rpt_';
  for (let i = 0; i < 16; i += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

const columns = ['report_id', 'name', 'definition', 'created_by', 'created_at', 'updated_at'] as const;

type Row = { report_id: string; name: string; definition: Record<string, unknown>; created_by: string | null; created_at: Date; updated_at: Date };

/** A stored custom report; `definition` as stored (unchecked JSON). */
export type CustomReportRow = { id: string; name: string; definition: unknown; createdBy: string | null; createdAt: Date; updatedAt: Date };

function toRow(r: Row): CustomReportRow {
  const definition: unknown = typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition;
  return { id: r.report_id, name: r.name, definition, createdBy: r.created_by, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) };
}

const unique = <T,>(work: Promise<T>): Promise<T> => uniqueOr(work, () => new CustomReportNameTaken());

/** The workspace's custom reports, by name (ignoring case). */
export async function listCustomReportRows(db: Kysely<Database>, workspaceId: string): Promise<CustomReportRow[]> {
  const rows = await db.selectFrom('custom_reports').select(columns).where('workspace_id', '=', workspaceId).execute();
  return rows.map(toRow).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.id < b.id ? -1 : 1));
}

export async function getCustomReportRow(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<CustomReportRow | null> {
  const row = await db.selectFrom('custom_reports').select(columns).where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).executeTakeFirst();
  return row ? toRow(row) : null;
}

/** `definition`: JSON text. Throws CustomReportNameTaken when the workspace has a report of that name (any case). */
export async function insertCustomReportRow(db: Kysely<Database>, input: { workspaceId: string; id: string; name: string; definition: string; createdBy: string | null; now: Date }): Promise<CustomReportRow> {
  const row = await unique(db.insertInto('custom_reports').values({
    workspace_id: input.workspaceId, report_id: input.id, name: input.name, definition: input.definition,
    created_by: input.createdBy, created_at: input.now, updated_at: input.now,
  }).returning(columns).executeTakeFirstOrThrow());
  return toRow(row);
}

/** Changes the given fields (`definition`: JSON text); null when the workspace has no such report. Throws CustomReportNameTaken. */
export async function updateCustomReportRow(db: Kysely<Database>, workspaceId: string, reportId: string, patch: { name?: string; definition?: string }, now: Date): Promise<CustomReportRow | null> {
  const row = await unique(db.updateTable('custom_reports').set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.definition !== undefined ? { definition: patch.definition } : {}),
    updated_at: now,
  }).where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).returning(columns).executeTakeFirst());
  return row ? toRow(row) : null;
}

export async function deleteCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<boolean> {
  const result = await db.deleteFrom('custom_reports').where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
