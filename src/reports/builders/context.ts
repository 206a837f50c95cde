// What every report builder reads with: the workspace, the reporting currency and its FX table
// (the one conversion step of every read, src/read/fx.ts), the as-of instant, the period and what
// it is compared with, and how sentences format figures. Built once per report by build.ts.
import type { Kysely } from 'kysely';
import type { Granularity } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { SummaryFormat } from '../../core/report-summary.js';
import { asOf as asOfAt, type AsOf } from '../../read/clock.js';
import type { ReportPeriod, ReportSection } from '../../read/reports/contract.js';
import type { Database } from '../../store/schema.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { ResolvedPeriod } from '../period.js';
import { formatCount, formatMoney, formatRatio, formatValue } from '../render/format-value.js';

export type BuildContext = {
  db: Kysely<Database>;
  workspace: Workspace;
  now: Date;
  /** The request's instant: nothing dated after it counts. */
  asOf: AsOf;
  /** The instant the period's point-in-time figures are read at: the end of its last day, or the
   *  as-of instant when that is earlier (a period to date). */
  periodAsOf: AsOf;
  currency: string;
  fx: FxTable;
  granularity: Granularity;
  period: ReportPeriod;
  previous: ReportPeriod;
  /** What KPIs say they are compared with: "vs week 14", "vs 1 Nov 2026 – 3 Nov 2026". */
  versus: string;
  toDate: boolean;
  /** MRR in currencies no FX rate converts into `currency`: headline money figures are null with
   *  `reason`; sections with money say `note`. Null when everything converts. */
  fxGap: FxGap | null;
  format: SummaryFormat;
};

export type FxGap = { currencies: string[]; reason: string; note: string };

/** What a builder returns: build.ts adds the workspace, period, instants and currency. */
export type BuiltReport = { title: string; summary: string[]; sections: ReportSection[] };

/** The last instant of a UTC day. */
export function endOfDayInstant(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

/** The instant a period's point-in-time figures are read at (never after the request's). */
export function periodInstant(resolved: ResolvedPeriod, asOf: AsOf): AsOf {
  const end = endOfDayInstant(resolved.period.to);
  return end.getTime() < asOf.at.getTime() ? asOfAt(end) : asOf;
}

/** Sentences format figures as every renderer does (src/reports/render/format-value.ts). */
export function summaryFormat(currency: string): SummaryFormat {
  return {
    money: (minor, options) => formatMoney(minor, currency, options),
    ratio: (ratio, options) => formatRatio(ratio, options),
    count: (value) => formatCount(value),
    value: (value, unit) => formatValue(value, unit, currency),
  };
}
