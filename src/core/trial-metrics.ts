// Trial metrics from TrialRecords: started, converted, conversion rate, days to convert, active.
//
// Responsible for: per-period trial figures. Conversion is attributed to the period the trial
// STARTED in (a cohort view: a January trial converting in February raises January's rate), so
// the latest periods' rates keep rising until their trials have run out. `converted` (by the
// period the conversion happened in) is reported alongside for the activity view.
import { ratio } from './decimal.js';
import { addDays, daysBetween, periodsBetween, dayToNumber, type Granularity } from './dates.js';
import type { Day, TrialRecord } from './types.js';

/** A trial record, optionally with the day it ended without converting (if the ledger knows). */
export type TrialInput = TrialRecord & { endedDay?: Day | null };

export type TrialOptions = {
  from: Day;
  to: Day;
  granularity: Granularity;
  /** For a trial neither converted nor known to have ended: assume it ended this many days after
   *  it started (default 30). Only affects active-trial counts. */
  assumedTrialDays?: number;
};

export type TrialPeriodRow = {
  period: string;
  start: Day;
  end: Day;
  /** Trials that started in the period. */
  started: number;
  /** Trials that converted in the period, whenever they started. */
  converted: number;
  /** Of the trials started in the period, how many have converted (by the end of the data). */
  startedAndConverted: number;
  /** startedAndConverted ÷ started; null with a reason when no trial started. */
  conversionRate: { value: number | null; reason?: string };
  /** Mean (convertedDay − startedDay) over startedAndConverted; null when there are none. */
  averageDaysToConvert: number | null;
  /** Trials active at the end of the period's last day. */
  activeAtEnd: number;
};

/** The day a trial stops being a trial: converted, ended, or the assumed end (exclusive). */
function trialEnd(trial: TrialInput, assumedTrialDays: number): Day {
  return trial.convertedDay ?? trial.endedDay ?? addDays(trial.startedDay, assumedTrialDays);
}

/** Trials active at the end of `day`: started on or before it and not yet converted or ended. */
export function activeTrialsOn(trials: readonly TrialInput[], day: Day, assumedTrialDays = 30): number {
  return trials.filter((t) => t.startedDay <= day && trialEnd(t, assumedTrialDays) > day).length;
}

export function computeTrialPeriods(trials: readonly TrialInput[], options: TrialOptions): TrialPeriodRow[] {
  const assumed = options.assumedTrialDays ?? 30;
  const periods = periodsBetween(options.from, options.to, options.granularity).map((p) => ({
    key: p.key,
    start: p.start < options.from ? options.from : p.start,
    end: p.end > options.to ? options.to : p.end,
  }));
  const rows: TrialPeriodRow[] = periods.map((p) => ({
    period: p.key,
    start: p.start,
    end: p.end,
    started: 0,
    converted: 0,
    startedAndConverted: 0,
    conversionRate: { value: null },
    averageDaysToConvert: null,
    activeAtEnd: 0,
  }));
  if (rows.length === 0) return rows;
  const ends = periods.map((p) => dayToNumber(p.end));
  const first = dayToNumber(periods[0]!.start);

  // Index of the period containing an epoch day, or -1 outside [from, to].
  const indexOf = (epochDay: number): number => {
    if (epochDay < first || epochDay > ends[ends.length - 1]!) return -1;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! >= epochDay) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const daysToConvert = rows.map(() => 0);
  // Active-trial sweep: +1 on the start day, −1 on the end day, prefix-summed per period end.
  const changes: { epochDay: number; delta: number }[] = [];
  for (const trial of trials) {
    const startedAt = dayToNumber(trial.startedDay);
    const startIndex = indexOf(startedAt);
    if (startIndex >= 0) {
      const row = rows[startIndex]!;
      row.started += 1;
      if (trial.convertedDay !== null) {
        row.startedAndConverted += 1;
        daysToConvert[startIndex]! += daysBetween(trial.startedDay, trial.convertedDay);
      }
    }
    if (trial.convertedDay !== null) {
      const convertedIndex = indexOf(dayToNumber(trial.convertedDay));
      if (convertedIndex >= 0) rows[convertedIndex]!.converted += 1;
    }
    changes.push({ epochDay: startedAt, delta: 1 }, { epochDay: dayToNumber(trialEnd(trial, assumed)), delta: -1 });
  }

  changes.sort((a, b) => a.epochDay - b.epochDay);
  let active = 0;
  let c = 0;
  rows.forEach((row, i) => {
    while (c < changes.length && changes[c]!.epochDay <= ends[i]!) active += changes[c++]!.delta;
    row.activeAtEnd = active;
    if (row.started === 0) row.conversionRate = { value: null, reason: 'no trials started in the period' };
    else row.conversionRate = { value: Number(row.startedAndConverted) / Number(row.started) };
    if (row.startedAndConverted > 0) {
      const mean = ratio(daysToConvert[i]!, row.startedAndConverted);
      row.averageDaysToConvert = Number(mean.n) / Number(mean.d);
    }
  });
  return rows;
}
