// A workspace's custom reports as the rest of the product sees them: the stored rows
// (src/store/custom-reports-repo.ts) with their definitions checked by the contract's zod schema on
// the way in and on the way out, so a definition never reaches a builder in a shape it cannot read.
import type { Kysely } from 'kysely';
import { customReportDefinition, type CustomReport, type CustomReportDefinition } from '../read/reports/contract.js';
import {
  getCustomReportRow, insertCustomReportRow, listCustomReportRows, updateCustomReportRow, type CustomReportRow,
} from '../store/custom-reports-repo.js';
import type { Database } from '../store/schema.js';

export { CustomReportNameTaken, deleteCustomReport, newCustomReportId } from '../store/custom-reports-repo.js';

function definitionOf(reportId: string, stored: unknown): CustomReportDefinition {
  const parsed = customReportDefinition.safeParse(stored);
  if (!parsed.success) throw new Error(`custom report ${reportId} has a stored definition that is no longer valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function toReport(r: CustomReportRow): CustomReport {
  return { id: r.id, name: r.name, definition: definitionOf(r.id, r.definition), createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/** The definition as stored: checked, with only the contract's fields. */
function stored(definition: CustomReportDefinition): string {
  const d = customReportDefinition.parse(definition);
  return JSON.stringify({ metrics: d.metrics, granularity: d.granularity, periods: d.periods, compare: d.compare, segmentId: d.segmentId });
}

/** The workspace's custom reports, by name (ignoring case). */
export async function listCustomReports(db: Kysely<Database>, workspaceId: string): Promise<CustomReport[]> {
  return (await listCustomReportRows(db, workspaceId)).map(toReport);
}

export async function getCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<CustomReport | null> {
  const row = await getCustomReportRow(db, workspaceId, reportId);
  return row ? toReport(row) : null;
}

/** Throws CustomReportNameTaken when the workspace has a report of that name (any case). */
export async function insertCustomReport(db: Kysely<Database>, input: { workspaceId: string; id: string; name: string; definition: CustomReportDefinition; createdBy: string | null; now: Date }): Promise<CustomReport> {
  return toReport(await insertCustomReportRow(db, { ...input, definition: stored(input.definition) }));
}

/** Changes the given fields; null when the workspace has no such report. Throws CustomReportNameTaken. */
export async function updateCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string, patch: { name?: string; definition?: CustomReportDefinition }, now: Date): Promise<CustomReport | null> {
  const row = await updateCustomReportRow(db, workspaceId, reportId, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.definition !== undefined ? { definition: stored(patch.definition) } : {}) }, now);
  return row ? toReport(row) : null;
}
