// Builds a report's document: the one place a report reads its figures (through the read side:
// the registry's metrics, summary, movements, cohorts, forecast, customer success). Every format
// is rendered from what this returns (src/reports/render/). Steps: find the report (built-in or
// the workspace's custom one), resolve its period at the as-of instant, load the FX table into the
// reporting currency once, find what it cannot convert, run the report's builder, and check the
// document against the contract.
import type { Kysely } from 'kysely';
import type { Granularity } from '../core/dates.js';
import type { AsOf } from '../read/clock.js';
import { loadFx } from '../read/fx.js';
import { BUILTIN_REPORTS, customReportId, reportDocument, type BuiltinReport, type CustomReport, type ReportDocument, type ReportSection } from '../read/reports/contract.js';
import { getCustomReport } from './custom-reports.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { buildBoard } from './builders/board.js';
import { periodInstant, summaryFormat, type BuildContext, type BuiltReport } from './builders/context.js';
import { buildCustom } from './builders/custom.js';
import { buildDaily } from './builders/daily.js';
import { fxGapOn } from './builders/fx-gap.js';
import { buildWeekly } from './builders/weekly.js';
import { BUILTIN_GRANULARITY, resolveReportPeriod, shortLabel } from './period.js';

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

type Spec = { kind: BuiltinReport; granularity: Granularity } | { kind: 'custom'; granularity: Granularity; report: CustomReport };

async function specOf(db: Kysely<Database>, workspaceId: string, key: string): Promise<Spec> {
  if ((BUILTIN_REPORTS as readonly string[]).includes(key)) {
    const kind = key as BuiltinReport;
    return { kind, granularity: BUILTIN_GRANULARITY[kind] };
  }
  const report = customReportId.safeParse(key).success ? await getCustomReport(db, workspaceId, key) : null;
  if (!report) throw new ReportNotFound(`no report "${key}" in this workspace: expected daily, weekly, board or the id of one of its custom reports (rpt_…)`);
  return { kind: 'custom', granularity: report.definition.granularity, report };
}

export async function buildReport(deps: ReportDeps, request: ReportRequest): Promise<ReportDocument> {
  const { db, workspace, now } = deps;
  const spec = await specOf(db, workspace.id, request.key);
  const currency = (request.currency ?? workspace.reportingCurrency).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw new RangeError(`currency "${request.currency}" is not a three-letter ISO 4217 code`);
  const resolved = resolveReportPeriod(spec.granularity, request.period, request.asOf);
  const fx = await loadFx(db, workspace.id, currency);
  const ctx: BuildContext = {
    db, workspace, now, currency, fx,
    asOf: request.asOf,
    periodAsOf: periodInstant(resolved, request.asOf),
    granularity: spec.granularity,
    period: resolved.period,
    previous: resolved.previous,
    versus: `vs ${shortLabel(spec.granularity, resolved.previous)}`,
    toDate: resolved.toDate,
    fxGap: await fxGapOn(db, workspace.id, fx, [resolved.period.to, resolved.previous.to]),
    format: summaryFormat(currency),
  };
  let built: BuiltReport;
  switch (spec.kind) {
    case 'daily':
      built = await buildDaily(ctx);
      break;
    case 'weekly':
      built = await buildWeekly(ctx);
      break;
    case 'board':
      built = await buildBoard(ctx);
      break;
    case 'custom':
      built = await buildCustom(ctx, spec.report);
      break;
  }
  return reportDocument.parse({
    key: spec.kind === 'custom' ? spec.report.id : spec.kind,
    kind: spec.kind,
    title: built.title,
    workspace: { id: workspace.id, name: workspace.name },
    period: resolved.period,
    asOf: request.asOf.at.toISOString(),
    currency,
    generatedAt: now.toISOString(),
    summary: ctx.fxGap ? [ctx.fxGap.note, ...built.summary] : built.summary,
    sections: ctx.fxGap ? built.sections.map((section) => withFxNote(section, ctx.fxGap!.reason)) : built.sections,
  });
}

function hasMoney(section: ReportSection): boolean {
  return section.blocks.some((b) =>
    (b.type === 'kpis' && b.kpis.some((k) => k.figure.unit === 'money'))
    || (b.type === 'table' && b.table.columns.some((c) => c.unit === 'money'))
    || (b.type === 'chart' && b.chart.unit === 'money'));
}

/** A section with money says the FX gap beside it, as the dashboard names it beside its figures. */
function withFxNote(section: ReportSection, reason: string): ReportSection {
  if (!hasMoney(section)) return section;
  const gap = `Incomplete: ${reason}; see the first line of the summary.`;
  return { ...section, note: section.note ? `${section.note} ${gap}` : gap };
}
