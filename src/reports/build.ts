// Builds a report's document: the one place a report reads its figures (through the read side:
// the registry's metrics, summary, movements, cohorts, forecast, customer success). Every format
// is rendered from what this returns (src/reports/render/).
import type { Kysely } from 'kysely';
import type { ReportDocument } from '../read/reports/contract.js';
import type { AsOf } from '../read/clock.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';

export type ReportDeps = { db: Kysely<Database>; workspace: Workspace; now: Date };

export type ReportRequest = {
  /** 'daily', 'weekly', 'board' or a custom report's id. */
  key: string;
  /** The period's key (a day, ISO week, month…); absent: the last complete period at `asOf`. */
  period?: string;
  asOf: AsOf;
  /** The reporting currency; absent: the workspace's. */
  currency?: string;
};

/** No report by that key in this workspace. */
export class ReportNotFound extends Error {}

export async function buildReport(deps: ReportDeps, request: ReportRequest): Promise<ReportDocument> {
  void deps;
  throw new ReportNotFound(`no report "${request.key}" yet`);
}
