// The churn model's training set and its evaluation, pure: which days are sampled, each row's
// label (the customer churns within the horizon after the day), the time split (train on days
// whose horizon ends before the cutoff, test on days from it), fitting the logistic model, and
// scoring any scorer on the test rows (AUC, precision of the top decile, lead time).
import { addDays, type Day } from './dates.js';
import { auc, leadTimes, median, precisionAtTop, topFractionThreshold } from './churn-evaluation.js';
import { churnFeatures, featureContextOf } from './churn-features.js';
import { trainLogistic, type LogisticParams, type TrainOptions } from './churn-model.js';
import type { ChurnScore } from './churn-score.js';
import type { CustomerSignals } from './customer-signals.js';

/** A churn within this many days after a sample day labels it 1. */
export const CHURN_HORIZON_DAYS = 60;
/** Days between sample days. */
export const SAMPLE_EVERY_DAYS = 14;
/** The share of sample days (the latest) the time split keeps for testing. */
export const TEST_SHARE = 0.25;
export const TOP_FRACTION = 0.1;

export type Sample = { customerId: string; day: Day; signals: CustomerSignals; label: 0 | 1 };

/** Sample days from `last` back to `first` (inclusive), every `every` days, ascending. */
export function sampleDays(first: Day, last: Day, every = SAMPLE_EVERY_DAYS): Day[] {
  const days: Day[] = [];
  for (let d = last; d >= first; d = addDays(d, -every)) days.push(d);
  return days.reverse();
}

/** 1 when the customer has a churn day in (day, day + horizon]. `churnDays` ascending. */
export function churnLabel(churnDays: readonly Day[] | undefined, day: Day, horizon = CHURN_HORIZON_DAYS): 0 | 1 {
  const end = addDays(day, horizon);
  return churnDays?.some((d) => d > day && d <= end) ? 1 : 0;
}

export function churnedCustomers(samples: readonly Sample[]): number {
  return new Set(samples.filter((s) => s.label === 1).map((s) => s.customerId)).size;
}

/** Splits in time: test = the latest TEST_SHARE of the sample days; train = days whose label
 *  window closes before the first test day (so no training label looks into the test period). */
export function timeSplit(samples: readonly Sample[], horizon = CHURN_HORIZON_DAYS): { cutoff: Day | null; train: Sample[]; test: Sample[] } {
  const days = [...new Set(samples.map((s) => s.day))].sort();
  if (days.length < 2) return { cutoff: null, train: [...samples], test: [] };
  const cutoff = days[Math.min(days.length - 1, Math.floor(days.length * (1 - TEST_SHARE)))]!;
  const trainEnd = addDays(cutoff, -horizon);
  return { cutoff, train: samples.filter((s) => s.day <= trainEnd), test: samples.filter((s) => s.day >= cutoff) };
}

/** Fits the logistic model on the samples (plans one-hot encoded from these rows). */
export function fitLogistic(samples: readonly Sample[], options: TrainOptions = {}): LogisticParams {
  const context = featureContextOf(samples.map((s) => s.signals.planId));
  return trainLogistic(samples.map((s) => ({ features: churnFeatures(s.signals, context), label: s.label })), context.plans, options);
}

export type ScorerFigures = {
  auc: number | null;
  precisionTopDecile: number | null;
  baseRate: number | null;
  /** Median days from a churner's first top-decile score (in the horizon before its churn) to the churn. */
  leadTimeDays: number | null;
  /** Churners in the test rows, and how many of them were flagged before churning. */
  churners: number;
  flaggedChurners: number;
};

/** How a scorer ranks the rows: flagged = in the top decile of the rows' scores. */
export function evaluateScores(samples: readonly Sample[], score: (s: CustomerSignals) => ChurnScore, churnDays: ReadonlyMap<string, readonly Day[]>): ScorerFigures {
  const scores = samples.map((s) => score(s.signals).probability);
  const labels = samples.map((s) => s.label);
  const threshold = topFractionThreshold(scores, TOP_FRACTION);
  const flagged = samples.map((s, i) => ({ customerId: s.customerId, day: s.day, flagged: threshold !== null && scores[i]! >= threshold && scores[i]! > 0 }));
  const leads = leadTimes(flagged, churnDays, CHURN_HORIZON_DAYS);
  const churners = new Set(samples.filter((s) => s.label === 1).map((s) => s.customerId)).size;
  return {
    auc: auc(scores, labels),
    precisionTopDecile: precisionAtTop(scores, labels, TOP_FRACTION),
    baseRate: samples.length ? labels.reduce<number>((a, b) => a + b, 0) / samples.length : null,
    leadTimeDays: median(leads.map((l) => l.days)),
    churners,
    flaggedChurners: new Set(leads.map((l) => l.customerId)).size,
  };
}
