// The headline figures as of an instant (GET /v1/metrics/summary, and the mrr_updated live
// message): MRR, ARR, paying customers and ARPA in the workspace's reporting currency at the end
// of the as-of day (UTC), and around them that day's activity, like-for-like growth, churn, trials,
// the MRR target and the changes already scheduled after it. Every figure is defined in
// docs/metrics.md ("The summary", "One clock: as of"); all of them come from the day totals kept
// with the ledger, so the cost does not grow with the number of customers.
import type { Kysely } from 'kysely';
import { ratio, roundHalfAwayFromZero } from '../../core/decimal.js';
import { combineRows } from '../../core/daily-totals.js';
import { addDays, daysBetween, lastDayOfMonth, monthOf, shiftDayByMonths } from '../../core/dates.js';
import { unconvertedAmounts, type FxTable } from '../../core/fx.js';
import { convertLevels } from '../../core/period-metrics.js';
import { computeRates, type RateValue } from '../../core/rates.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { AsOf } from '../clock.js';
import { loadFx } from '../fx.js';
import { loadPeriodRows } from '../periods/load.js';
import { loadActiveTrials, loadTrialConversion } from '../trials/load.js';
import { churnedFromStartCounts, levelsAt } from '../periods/query.js';
import { paymentSumsByDay } from '../series/query.js';
import type { MetricFigures, SummaryResponse } from './contract.js';
import { lastEventAt, scheduledChanges, signupsOn } from './query.js';

export type Headline = MetricFigures;
export type Summary = Omit<SummaryResponse, 'seq'>;
type Target = NonNullable<Summary['target']>;

function arpaOf(mrr: number, customers: number): number {
  return customers > 0 ? Number(roundHalfAwayFromZero(ratio(mrr, customers))) : 0;
}

/** MRR, ARR, paying customers and ARPA at the end of `day`. */
export async function headlineAt(db: Kysely<Database>, workspace: Workspace, day: Day, fx?: FxTable): Promise<Headline> {
  const table = fx ?? (await loadFx(db, workspace.id, workspace.reportingCurrency));
  const { levels, paying } = await levelsAt(db, workspace.id, day);
  const mrr = convertLevels(levels, table, day);
  return { currency: workspace.reportingCurrency, mrr, arr: mrr * 12, payingCustomers: paying, arpa: arpaOf(mrr, paying) };
}

function target(mrrTarget: number | null, mrr: number, mrr30DaysAgo: number, today: Day): Target | null {
  if (mrrTarget === null || mrrTarget <= 0) return null;
  const missing = mrrTarget - mrr;
  const pace = ratio(mrr - mrr30DaysAgo, 30); // minor units a day
  let daysToTarget: RateValue;
  if (missing <= 0) daysToTarget = { value: 0 };
  else if (pace.n <= 0n) daysToTarget = { value: null, reason: 'MRR has not grown over the last 30 days' };
  else daysToTarget = { value: Math.ceil((missing * Number(pace.d)) / Number(pace.n)) };
  const daysLeft = daysBetween(today, lastDayOfMonth(monthOf(today)));
  let requiredDailyGrowth: Target['requiredDailyGrowth'];
  if (missing <= 0) requiredDailyGrowth = { daysLeft, amount: 0, rate: 0 };
  else if (daysLeft === 0) requiredDailyGrowth = { daysLeft, amount: null, rate: null, reason: 'the month ends today' };
  else {
    requiredDailyGrowth = {
      daysLeft,
      amount: Math.ceil(missing / daysLeft),
      rate: mrr > 0 ? (mrrTarget / mrr) ** (1 / daysLeft) - 1 : null,
      ...(mrr > 0 ? {} : { reason: 'no MRR to grow from' }),
    };
  }
  return { mrrTarget, progress: mrr / mrrTarget, reached: missing <= 0, daysToTarget, requiredDailyGrowth };
}

export async function loadSummary(db: Kysely<Database>, workspace: Workspace, asOf: AsOf): Promise<Summary> {
  const today = asOf.day;
  const fxTable = loadFx(db, workspace.id, workspace.reportingCurrency);
  fxTable.catch(() => undefined); // awaited below, with the other queries
  const monthStart = `${monthOf(today)}-01`;
  const lastMonthDay = shiftDayByMonths(today, -1);
  // Day rows from the earliest of: 60 days ago (the 30 days before the last 30), the start of the
  // month, the day after the same day last month — to today: MRR at each day's end.
  const from = [monthStart, addDays(today, -59), addDays(lastMonthDay, 1)].sort()[0]!;
  const [fx, days, [churned30, churnedBefore30], activeTrials, trialConversion, payments, signups, lastEvent, native, scheduled] = await Promise.all([
    fxTable,
    loadPeriodRows(db, workspace.id, { from, to: today, granularity: 'day', fx: fxTable, currency: workspace.reportingCurrency, asOf }),
    churnedFromStartCounts(db, workspace.id, [{ start: addDays(today, -29), end: today }, { start: addDays(today, -59), end: addDays(today, -30) }]),
    loadActiveTrials(db, workspace.id, asOf),
    loadTrialConversion(db, workspace.id, asOf),
    paymentSumsByDay(db, workspace.id, 'succeeded', today, today),
    signupsOn(db, workspace.id, today),
    lastEventAt(db, workspace.id),
    levelsAt(db, workspace.id, today),
    scheduledChanges(db, workspace.id, today),
  ]);
  const todayRow = days.at(-1)!;
  const last30 = days.filter((d) => d.start >= addDays(today, -29));
  const window = combineRows(last30, churned30 ?? 0)!;
  const sinceLastMonth = combineRows(days.filter((d) => d.start > lastMonthDay), 0)!;
  const lastMonthMrr = sinceLastMonth.mrrStart;
  const lastMonthCustomers = sinceLastMonth.customersStart;
  const mrr = todayRow.mrr;
  const committed = new Map(native.levels);
  for (const [currency, delta] of scheduled.deltas) committed.set(currency, (committed.get(currency) ?? 0) + delta);
  const committedMrr = convertLevels(committed, fx, today);
  return {
    workspace: { id: workspace.id, name: workspace.name },
    currency: workspace.reportingCurrency,
    mrr,
    arr: mrr * 12,
    payingCustomers: todayRow.customers,
    arpa: arpaOf(mrr, todayRow.customers),
    asOf: asOf.at.toISOString(),
    lastEventAt: lastEvent ? lastEvent.toISOString() : null,
    activeTrials,
    today: {
      day: today,
      signups,
      churnedCustomers: todayRow.churnedCustomers,
      revenueCollected: payments.reduce((sum, p) => sum + fx.convert(p.amount, p.currency, p.day), 0),
    },
    growth: { mom: computeRates(sinceLastMonth).mrrGrowth, last30Days: computeRates(window).mrrGrowth },
    sameDayLastMonth: { day: lastMonthDay, mrr: lastMonthMrr, arr: lastMonthMrr * 12, payingCustomers: lastMonthCustomers, arpa: arpaOf(lastMonthMrr, lastMonthCustomers) },
    scheduled: { committedMrr, change: committedMrr - mrr, changes: scheduled.changes, firstDay: scheduled.firstDay, lastDay: scheduled.lastDay },
    churnRate: computeRates(window).customerChurnRate,
    churnRatePrevious30Days: computeRates(combineRows(days.filter((d) => d.start >= addDays(today, -59) && d.start <= addDays(today, -30)), churnedBefore30 ?? 0)!).customerChurnRate,
    trialConversion,
    target: target(workspace.mrrTarget, mrr, window.mrrStart, today),
    unconverted: unconvertedAmounts(native.levels, fx).map((u) => ({ currency: u.currency, mrr: u.amount })),
  };
}
