// Which reports a schedule or a delivery can name — 'daily', 'weekly', 'board' or a custom report
// of the workspace — and the granularity of each one's period.
import type { Kysely } from 'kysely';
import type { Granularity } from '../../core/dates.js';
import { BUILTIN_REPORTS, customReportId, type BuiltinReport } from '../../read/reports/contract.js';
import { getCustomReport } from '../custom-reports.js';
import type { Database } from '../../store/schema.js';
import { BUILTIN_GRANULARITY } from '../period.js';
import { ReportInputError } from './errors.js';

const isBuiltin = (key: string): key is BuiltinReport => (BUILTIN_REPORTS as readonly string[]).includes(key);

/** The report's period granularity, or null when the workspace has no report by that key. */
export async function reportGranularity(db: Kysely<Database>, workspaceId: string, key: string): Promise<Granularity | null> {
  if (isBuiltin(key)) return BUILTIN_GRANULARITY[key];
  if (!customReportId.safeParse(key).success) return null;
  const custom = await getCustomReport(db, workspaceId, key);
  return custom ? custom.definition.granularity : null;
}

/** As reportGranularity, with a ReportInputError naming the problem instead of null. */
export async function requireReportGranularity(db: Kysely<Database>, workspaceId: string, key: string): Promise<Granularity> {
  const granularity = await reportGranularity(db, workspaceId, key);
  if (granularity) return granularity;
  if (customReportId.safeParse(key).success) throw new ReportInputError(`reportKey: this workspace has no custom report ${key}`);
  throw new ReportInputError(`reportKey: unknown report "${key.slice(0, 80)}": expected daily, weekly, board or a custom report's id (rpt_…)`);
}
