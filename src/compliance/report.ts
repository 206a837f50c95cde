// The compliance report (issue 17): the GDPR requests made in a period by kind and status and one
// by one, the retention policy, and the last retention runs — built once as a report document and
// rendered to PDF or CSV by the report renderers (src/reports/render), like every other report.
import type { Kysely } from 'kysely';
import { addDays } from '../core/dates.js';
import type { Day } from '../core/types.js';
import { listRequests, tallyRequests, type RequestLine, type RequestTally } from '../read/compliance/report-query.js';
import type { ReportDocument, ReportRow, ReportSection } from '../read/reports/contract.js';
import { renderReport, type RenderedFile } from '../reports/render/index.js';
import { spanLabel } from '../reports/period.js';
import { getPolicy, lastRuns, type RetentionPolicy, type RetentionRun } from '../store/retention-repo.js';
import type { Database } from '../store/schema.js';
import { GDPR_REQUEST_KINDS, GDPR_REQUEST_STATUSES } from '../store/schema-compliance.js';
import type { Workspace } from '../store/workspaces-repo.js';

/** Requests listed one by one (the counts cover them all). */
export const REQUEST_ROW_LIMIT = 1000;
/** Retention runs listed. */
export const RUN_LIMIT = 20;

export type ComplianceReportInput = { from: Day; to: Day; now: Date };

/** Each policy field: its name in the report and what it does. */
export const POLICY_ROWS: ReadonlyArray<{ field: keyof Omit<RetentionPolicy, 'updatedBy' | 'updatedAt'>; kind: string; meaning: string }> = [
  { field: 'rawPayloadDays', kind: 'Raw payloads', meaning: 'Names, e-mails, phones and addresses stripped from stored provider and tracking payloads older than this; figures unchanged.' },
  { field: 'usageRawDays', kind: 'Raw usage events', meaning: 'Tracking messages older than this dropped once rolled up into daily usage; health scores unchanged.' },
  { field: 'auditDays', kind: 'Audit log', meaning: 'Audit entries older than this dropped.' },
  { field: 'securityDays', kind: 'Security events', meaning: 'Security events older than this dropped.' },
  { field: 'exportDays', kind: 'GDPR export files', meaning: 'An export file can be downloaded this long after it is ready, then it is removed.' },
];

/** ISO 8601 to the second (UTC). */
const iso = (d: Date | null) => (d ? `${d.toISOString().slice(0, 19)}Z` : null);
const kept = (days: number | null) => (days === null ? 'for ever' : `${days} ${days === 1 ? 'day' : 'days'}`);
const sum = (counts: Record<string, number>, keys: readonly string[]) => keys.reduce((n, k) => n + (counts[k] ?? 0), 0);

function requestsSection(tallies: readonly RequestTally[], lines: readonly RequestLine[], total: number): ReportSection[] {
  const columns = [
    { key: 'kind', label: 'Kind', unit: 'text' as const },
    ...GDPR_REQUEST_STATUSES.map((s) => ({ key: s, label: s[0]!.toUpperCase() + s.slice(1), unit: 'count' as const })),
    { key: 'total', label: 'Total', unit: 'count' as const },
  ];
  const rowOf = (label: string, pick: (t: RequestTally) => boolean): ReportRow => {
    const row: ReportRow = { kind: label };
    for (const s of GDPR_REQUEST_STATUSES) row[s] = tallies.filter((t) => pick(t) && t.status === s).reduce((n, t) => n + t.count, 0);
    row.total = tallies.filter(pick).reduce((n, t) => n + t.count, 0);
    return row;
  };
  return [
    {
      id: 'requests', title: 'Requests handled', note: null,
      blocks: [{ type: 'table', table: { id: 'requests_by_kind', title: 'Requests handled', currency: null, columns, rows: GDPR_REQUEST_KINDS.map((k) => rowOf(k, (t) => t.kind === k)), total: rowOf('Total', () => true), note: null } }],
    },
    {
      id: 'request_list', title: 'Requests', note: total > lines.length ? `The ${lines.length} newest of ${total} requests; the counts above cover them all.` : null,
      blocks: [{
        type: 'table',
        table: {
          id: 'requests', title: 'Requests', currency: null, total: null, note: lines.length === 0 ? 'No request in this period.' : null,
          columns: [
            { key: 'requestedAt', label: 'Requested at', unit: 'text' }, { key: 'kind', label: 'Kind', unit: 'text' }, { key: 'status', label: 'Status', unit: 'text' },
            { key: 'requestedBy', label: 'Requested by', unit: 'text' }, { key: 'completedAt', label: 'Completed at', unit: 'text' }, { key: 'id', label: 'Request', unit: 'text' },
          ],
          rows: lines.map((r) => ({ requestedAt: iso(r.requestedAt), kind: r.kind, status: r.status, requestedBy: r.requestedBy, completedAt: iso(r.completedAt), id: r.id })),
        },
      }],
    },
  ];
}

function policySection(policy: RetentionPolicy): ReportSection {
  return {
    id: 'policy', title: 'Retention policy',
    note: policy.updatedAt ? `Last changed ${iso(policy.updatedAt)} by ${policy.updatedBy ?? 'unknown'}. Sessions are pruned hourly whatever the policy.` : 'No policy set: everything is kept for ever, export files 7 days. Sessions are pruned hourly.',
    blocks: [{
      type: 'table',
      table: {
        id: 'policy', title: 'Retention policy', currency: null, total: null, note: null,
        columns: [{ key: 'kind', label: 'Data', unit: 'text' }, { key: 'kept', label: 'Kept', unit: 'text' }, { key: 'meaning', label: 'What happens after', unit: 'text' }],
        rows: POLICY_ROWS.map((p) => ({ kind: p.kind, kept: kept(policy[p.field]), meaning: p.meaning })),
      },
    }],
  };
}

function runsSection(runs: readonly RetentionRun[]): ReportSection {
  return {
    id: 'runs', title: 'Last retention runs', note: runs.length === 0 ? 'The retention job has not run for this workspace yet.' : null,
    blocks: [{
      type: 'table',
      table: {
        id: 'runs', title: 'Last retention runs', currency: null, total: null, note: 'Payloads stripped: provider and tracking payloads. Log entries dropped: audit entries and security events.',
        columns: [
          { key: 'startedAt', label: 'Started at', unit: 'text' }, { key: 'status', label: 'Status', unit: 'text' },
          { key: 'stripped', label: 'Payloads stripped', unit: 'count' }, { key: 'usage', label: 'Usage events dropped', unit: 'count' },
          { key: 'logs', label: 'Log entries dropped', unit: 'count' }, { key: 'exports', label: 'Export files removed', unit: 'count' },
          { key: 'error', label: 'Error', unit: 'text' },
        ],
        rows: runs.map((r) => ({
          startedAt: iso(r.startedAt), status: r.status,
          stripped: sum(r.counts, ['raw_payloads_scrubbed', 'tracking_payloads_scrubbed']), usage: sum(r.counts, ['usage_events_deleted']),
          logs: sum(r.counts, ['audit_entries_deleted', 'security_events_deleted', 'unscoped_security_events_deleted']), exports: sum(r.counts, ['exports_expired']),
          error: r.error,
        })),
      },
    }],
  };
}

export async function buildComplianceReport(db: Kysely<Database>, workspace: Workspace, input: ComplianceReportInput): Promise<ReportDocument> {
  const from = new Date(`${input.from}T00:00:00Z`);
  const until = new Date(`${addDays(input.to, 1)}T00:00:00Z`);
  const [tallies, lines, policy, runs] = await Promise.all([
    tallyRequests(db, workspace.id, from, until),
    listRequests(db, workspace.id, from, until, REQUEST_ROW_LIMIT),
    getPolicy(db, workspace.id),
    lastRuns(db, workspace.id, RUN_LIMIT),
  ]);
  const total = tallies.reduce((n, t) => n + t.count, 0);
  const of = (status: string) => tallies.filter((t) => t.status === status).reduce((n, t) => n + t.count, 0);
  const lastRun = runs[0];
  return {
    key: 'compliance', kind: 'custom', title: 'Compliance report',
    workspace: { id: workspace.id, name: workspace.name },
    period: { key: `${input.from}_${input.to}`, label: spanLabel(input.from, input.to), from: input.from, to: input.to },
    asOf: input.now.toISOString(), currency: workspace.reportingCurrency, generatedAt: input.now.toISOString(),
    summary: [
      `${total} GDPR ${total === 1 ? 'request' : 'requests'} in the period: ${of('completed')} completed, ${of('failed')} failed, ${of('pending') + of('processing')} still open.`,
      lastRun ? `Last retention run ${iso(lastRun.startedAt)}: ${lastRun.status}${lastRun.error ? ` (${lastRun.error})` : ''}.` : 'The retention job has not run for this workspace yet.',
    ],
    sections: [...requestsSection(tallies, lines, total), policySection(policy), runsSection(runs)],
  };
}

export async function renderComplianceReport(db: Kysely<Database>, workspace: Workspace, input: ComplianceReportInput, format: 'pdf' | 'csv'): Promise<RenderedFile> {
  return renderReport(await buildComplianceReport(db, workspace, input), format);
}
