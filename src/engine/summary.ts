// The headline figures at this moment (GET /v1/metrics/summary, and the mrr_updated live
// message): MRR, ARR, paying customers and ARPA in the workspace's reporting currency at the end
// of today (UTC), and around them today's activity, growth, churn, trials and the MRR target.
// Every figure is defined in docs/metrics.md ("The summary"); all of them come from the day
// totals kept with the ledger, so the cost does not grow with the number of customers.
import type { Kysely } from 'kysely';
import { ratio, roundHalfAwayFromZero } from '../core/decimal.js';
import { combineRows } from '../core/daily-totals.js';
import { unconvertedAmounts, type FxTable } from '../core/fx.js';
import { convertLevels } from '../core/period-metrics.js';
import { addDays, daysBetween, lastDayOfMonth, monthOf } from '../core/dates.js';
import { computeRates, type RateValue } from '../core/rates.js';
import { activeTrialsOn } from '../core/trial-metrics.js';
import type { Day } from '../core/types.js';
import { churnedFromStartCounts, levelsAt, paymentSumsByDay, signupsOn, trialsRelevantTo } from '../store/metrics-read-repo.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { loadFx, loadPeriodRows } from './period-series.js';

/** Trials neither converted nor known to have ended count as active this many days. */
export const ASSUMED_TRIAL_DAYS = 30;

export type Headline = { currency: string; mrr: number; arr: number; payingCustomers: number; arpa: number };

export type Target = {
  mrrTarget: number;
  /** mrr ÷ target (1 = reached). */
  progress: number;
  reached: boolean;
  /** Days until MRR reaches the target at the last 30 days' average daily net growth. */
  daysToTarget: RateValue;
  /** To reach the target by the end of this month: minor units a day (linear) and the compound
   *  daily growth rate. */
  requiredDailyGrowth: { daysLeft: number; amount: number | null; rate: number | null; reason?: string };
};

export type Summary = Headline & {
  workspace: { id: string; name: string };
  asOf: string;
  lastEventAt: string | null;
  activeTrials: number;
  today: { day: Day; signups: number; churnedCustomers: number; revenueCollected: number };
  growth: { mom: RateValue; last30Days: RateValue };
  churnRate: RateValue;
  trialConversion: { from: Day; to: Day; started: number; converted: number; rate: RateValue; averageDaysToConvert: number | null };
  target: Target | null;
  /** MRR (native minor units) in currencies no FX rate converts yet: left out of every figure. */
  unconverted: { currency: string; mrr: number }[];
};

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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

export async function computeSummary(db: Kysely<Database>, workspace: Workspace, now: Date): Promise<Summary> {
  const today = utcDay(now);
  const fxTable = loadFx(db, workspace.id, workspace.reportingCurrency);
  fxTable.catch(() => undefined); // awaited below, with the other queries
  const monthStart = `${monthOf(today)}-01`;
  // Day rows from 30 days ago (or the start of the month) to today: MRR at each day's end.
  const from = monthStart < addDays(today, -29) ? monthStart : addDays(today, -29);
  const trialFrom = addDays(today, -2 * ASSUMED_TRIAL_DAYS + 1);
  const trialTo = addDays(today, -ASSUMED_TRIAL_DAYS);
  const [fx, days, [churned30], trials, conversionTrials, payments, signups, lastEvent, native] = await Promise.all([
    fxTable,
    loadPeriodRows(db, workspace.id, { from, to: today, granularity: 'day', fx: fxTable, currency: workspace.reportingCurrency }),
    churnedFromStartCounts(db, workspace.id, [{ start: addDays(today, -29), end: today }]),
    trialsRelevantTo(db, workspace.id, today, today, ASSUMED_TRIAL_DAYS),
    db.selectFrom('trials').select(['started_day', 'converted_day']).where('workspace_id', '=', workspace.id)
      .where('started_day', '>=', trialFrom).where('started_day', '<=', trialTo).execute(),
    paymentSumsByDay(db, workspace.id, 'succeeded', today, today),
    signupsOn(db, workspace.id, today),
    db.selectFrom('sources').select((eb) => eb.fn.max('last_event_at').as('at')).where('workspace_id', '=', workspace.id).executeTakeFirst(),
    levelsAt(db, workspace.id, today),
  ]);
  const todayRow = days.at(-1)!;
  const window = combineRows(days.filter((d) => d.start >= addDays(today, -29)), churned30 ?? 0)!;
  const mtd = combineRows(days.filter((d) => d.start >= monthStart), 0)!;
  const converted = conversionTrials.filter((t) => t.converted_day !== null);
  const daysToConvert = converted.reduce((sum, t) => sum + daysBetween(t.started_day, t.converted_day!), 0);
  const mrr = todayRow.mrr;
  return {
    workspace: { id: workspace.id, name: workspace.name },
    currency: workspace.reportingCurrency,
    mrr,
    arr: mrr * 12,
    payingCustomers: todayRow.customers,
    arpa: arpaOf(mrr, todayRow.customers),
    asOf: now.toISOString(),
    lastEventAt: lastEvent?.at ? new Date(lastEvent.at).toISOString() : null,
    activeTrials: activeTrialsOn(trials, today, ASSUMED_TRIAL_DAYS),
    today: {
      day: today,
      signups,
      churnedCustomers: todayRow.churnedCustomers,
      revenueCollected: payments.reduce((sum, p) => sum + fx.convert(p.amount, p.currency, p.day), 0),
    },
    growth: { mom: computeRates(mtd).mrrGrowth, last30Days: computeRates(window).mrrGrowth },
    churnRate: computeRates(window).customerChurnRate,
    trialConversion: {
      from: trialFrom,
      to: trialTo,
      started: conversionTrials.length,
      converted: converted.length,
      rate: conversionTrials.length === 0 ? { value: null, reason: 'no trials started in the window' } : { value: converted.length / conversionTrials.length },
      averageDaysToConvert: converted.length === 0 ? null : daysToConvert / converted.length,
    },
    target: target(workspace.mrrTarget, mrr, window.mrrStart, today),
    unconverted: unconvertedAmounts(native.levels, fx).map((u) => ({ currency: u.currency, mrr: u.amount })),
  };
}
