// A workspace's custom report definitions (table custom_reports): read and write rows only. The
// definition is checked with the contract's zod schema on the way in and on the way out, so a row
// never leaves this file in a shape the builders cannot read. What a report contains is
// src/reports/builders/custom.ts.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { customReportDefinition, type CustomReport, type CustomReportDefinition } from '../read/reports/contract.js';
import type { Database } from './schema.js';

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

function definitionOf(reportId: string, stored: unknown): CustomReportDefinition {
  const parsed = customReportDefinition.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  if (!parsed.success) throw new Error(`custom report ${reportId} has a stored definition that is no longer valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function toReport(r: Row): CustomReport {
  return {
    id: r.report_id,
    name: r.name,
    definition: definitionOf(r.report_id, r.definition),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The definition as stored: checked, with only the contract's fields. */
function stored(definition: CustomReportDefinition): string {
  const d = customReportDefinition.parse(definition);
  return JSON.stringify({ metrics: d.metrics, granularity: d.granularity, periods: d.periods, compare: d.compare, segmentId: d.segmentId });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function unique<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw new CustomReportNameTaken();
    throw error;
  }
}

/** The workspace's custom reports, by name (ignoring case). */
export async function listCustomReports(db: Kysely<Database>, workspaceId: string): Promise<CustomReport[]> {
  const rows = await db.selectFrom('custom_reports').select(columns).where('workspace_id', '=', workspaceId).execute();
  return rows.map(toReport).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.id < b.id ? -1 : 1));
}

export async function getCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<CustomReport | null> {
  const row = await db.selectFrom('custom_reports').select(columns).where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).executeTakeFirst();
  return row ? toReport(row) : null;
}

/** Throws CustomReportNameTaken when the workspace has a report of that name (any case). */
export async function insertCustomReport(db: Kysely<Database>, input: { workspaceId: string; id: string; name: string; definition: CustomReportDefinition; createdBy: string | null; now: Date }): Promise<CustomReport> {
  const row = await unique(db.insertInto('custom_reports').values({
    workspace_id: input.workspaceId, report_id: input.id, name: input.name, definition: stored(input.definition),
    created_by: input.createdBy, created_at: input.now, updated_at: input.now,
  }).returning(columns).executeTakeFirstOrThrow());
  return toReport(row);
}

/** Changes the given fields; null when the workspace has no such report. Throws CustomReportNameTaken. */
export async function updateCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string, patch: { name?: string; definition?: CustomReportDefinition }, now: Date): Promise<CustomReport | null> {
  const row = await unique(db.updateTable('custom_reports').set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.definition !== undefined ? { definition: stored(patch.definition) } : {}),
    updated_at: now,
  }).where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).returning(columns).executeTakeFirst());
  return row ? toReport(row) : null;
}

export async function deleteCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<boolean> {
  const result = await db.deleteFrom('custom_reports').where('workspace_id', '=', workspaceId).where('report_id', '=', reportId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
