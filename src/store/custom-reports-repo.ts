// A workspace's custom report definitions (table custom_reports).
import type { Kysely } from 'kysely';
import type { CustomReport, CustomReportDefinition } from '../read/reports/contract.js';
import type { Database } from './schema.js';

export async function listCustomReports(db: Kysely<Database>, workspaceId: string): Promise<CustomReport[]> {
  void db; void workspaceId;
  throw new Error('not built yet');
}

export async function getCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<CustomReport | null> {
  void db; void workspaceId; void reportId;
  throw new Error('not built yet');
}

/** Throws CustomReportNameTaken when the workspace has a report of that name (any case). */
export async function insertCustomReport(db: Kysely<Database>, input: { workspaceId: string; id: string; name: string; definition: CustomReportDefinition; createdBy: string | null; now: Date }): Promise<CustomReport> {
  void db; void input;
  throw new Error('not built yet');
}

export async function updateCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string, patch: { name?: string; definition?: CustomReportDefinition }, now: Date): Promise<CustomReport | null> {
  void db; void workspaceId; void reportId; void patch; void now;
  throw new Error('not built yet');
}

export async function deleteCustomReport(db: Kysely<Database>, workspaceId: string, reportId: string): Promise<boolean> {
  void db; void workspaceId; void reportId;
  throw new Error('not built yet');
}

export class CustomReportNameTaken extends Error {}
