// Progress to the monthly MRR target, read from the summary (src/read/summary: the same target
// block the dashboard shows) at the end of the report's day. The target is kept in the
// workspace's reporting currency; a report in another currency converts it with the same FX table
// as every other figure, on that day.
import { monthOf } from '../../core/dates.js';
import { targetSentence } from '../../core/report-summary.js';
import type { ReportSection } from '../../read/reports/contract.js';
import { loadSummary } from '../../read/summary/load.js';
import { parseReportPeriod } from '../period.js';
import { formatMoney } from '../render/format-value.js';
import type { BuildContext } from './context.js';
import { figure, kpi } from './figures.js';

export async function targetSection(ctx: BuildContext): Promise<{ section: ReportSection; sentence: string | null }> {
  const base = { id: 'target', title: 'Monthly MRR target' };
  const day = ctx.periodAsOf.day;
  const monthLabel = parseReportPeriod('month', monthOf(day)).label;
  const set = ctx.workspace.mrrTarget;
  if (set === null || set <= 0) {
    const note = 'No monthly MRR target is set (Settings → MRR target).';
    return { section: { ...base, note, blocks: [{ type: 'text', paragraphs: [note] }] }, sentence: null };
  }
  const mrrTarget = ctx.currency === ctx.workspace.reportingCurrency ? set : ctx.fx.convert(set, ctx.workspace.reportingCurrency, day);
  const summary = await loadSummary(ctx.db, { ...ctx.workspace, reportingCurrency: ctx.currency, mrrTarget }, ctx.periodAsOf);
  const target = summary.target;
  if (!target) {
    const note = `The MRR target (${formatMoney(set, ctx.workspace.reportingCurrency)}) cannot be shown in ${ctx.currency.toUpperCase()}: no FX rate converts ${ctx.workspace.reportingCurrency.toUpperCase()} into it.`;
    return { section: { ...base, note, blocks: [{ type: 'text', paragraphs: [note] }] }, sentence: null };
  }
  const need = target.requiredDailyGrowth;
  const sentence = ctx.fxGap ? null : targetSentence({ target: target.mrrTarget, mrr: summary.mrr, progress: target.progress, reached: target.reached, monthLabel, perDay: need.amount, daysLeft: need.daysLeft }, ctx.format);
  const progress = figure(ctx, { metric: null, label: 'Progress to target', unit: 'ratio', value: ctx.fxGap ? null : target.progress, reason: ctx.fxGap?.reason });
  const section: ReportSection = {
    ...base,
    note: null,
    blocks: [
      {
        type: 'kpis',
        kpis: [
          kpi(figure(ctx, { metric: null, label: `MRR target, ${monthLabel}`, unit: 'money', value: target.mrrTarget }), null, null, false),
          kpi(figure(ctx, { metric: 'mrr', label: 'MRR', unit: 'money', value: summary.mrr }), null, null, false),
          kpi(progress, null, null, false),
          kpi(figure(ctx, { metric: null, label: 'Needed per day', unit: 'money', value: need.amount, reason: need.reason }), null, null, true),
          kpi(figure(ctx, { metric: null, label: 'Days left in the month', unit: 'count', value: need.daysLeft }), null, null, false),
        ],
      },
      ...(sentence ? [{ type: 'text' as const, paragraphs: [sentence] }] : []),
    ],
  };
  return { section, sentence };
}
