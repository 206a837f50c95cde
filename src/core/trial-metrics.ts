// Trial metrics from TrialRecords: started, converted, conversion rate, days to convert, active.
//
// Responsible for: the one definition of an active trial, and per-period trial figures. A trial
// is active on day D when it started on or before D and D is before the first of its real trial
// end, its conversion and the end of its subscription (no assumed trial length anywhere). A
// customer is "in trial" on D when one of its trials is active and it is not paying at the end of
// D: the summary's activeTrials, the active_trials series and the customers list's `trialing`
// status all count those customers. Conversion is attributed to the period the trial STARTED in
// (a cohort view: a January trial converting in February raises January's rate), so the latest
// periods' rates keep rising until their trials have run out. `converted` (by the period the
// conversion happened in) is reported alongside for the activity view.
import { ratio } from './decimal.js';
import { daysBetween, periodsBetween, dayToNumber, type Granularity } from './dates.js';
import type { PayingSpell } from './daily-totals.js';
import type { Day, TrialRecord } from './types.js';

export type TrialInput = TrialRecord;

/** When a customer paid: [startDay, endDay) with endDay null while it lasts (paying_spells). */
export type PayingSpellInput = Pick<PayingSpell, 'customerId' | 'startDay' | 'endDay'>;

export type TrialOptions = {
  from: Day;
  to: Day;
  granularity: Granularity;
  /** The customers' paying spells: a paying customer is not in trial. */
  paying: readonly PayingSpellInput[];
  /** Conversions dated after this day are not known yet (default: every conversion counts). */
  asOfDay?: Day;
};

export type TrialPeriodRow = {
  period: string;
  start: Day;
  end: Day;
  /** Trials that started in the period. */
  started: number;
  /** Trials that converted in the period, whenever they started. */
  converted: number;
  /** Of the trials started in the period, how many have converted (by the as-of day). */
  startedAndConverted: number;
  /** startedAndConverted ÷ started; null with a reason when no trial started. */
  conversionRate: { value: number | null; reason?: string };
  /** Mean (convertedDay − startedDay) over startedAndConverted; null when there are none. */
  averageDaysToConvert: number | null;
  /** Customers in trial at the end of the period's last day (activeTrialsOn). */
  activeAtEnd: number;
};

const earliest = (days: readonly (Day | null)[]): Day | null =>
  days.reduce<Day | null>((min, d) => (d !== null && (min === null || d < min) ? d : min), null);

/** The first day a trial no longer counts: the earliest of its conversion, its trial end and the
 *  end of its subscription; null when none is known (it runs until one is). */
export function trialStopDay(trial: TrialInput): Day | null {
  return earliest([trial.convertedDay, trial.trialEndDay, trial.endedDay]);
}

/** Whether the trial is active on `day`: started on or before it, and `day` before its stop day. */
export function trialActiveOn(trial: TrialInput, day: Day): boolean {
  const stop = trialStopDay(trial);
  return trial.startedDay <= day && (stop === null || day < stop);
}

/** Whether a customer (all its trials, and whether it pays at the end of `day`) is in trial. */
export function inTrialOn(trials: readonly TrialInput[], paying: boolean, day: Day): boolean {
  return !paying && trials.some((t) => trialActiveOn(t, day));
}

/** Half-open day-number intervals [start, end); end Infinity when open. */
type Span = { start: number; end: number };

const spanOf = (start: Day, end: Day | null): Span => ({ start: dayToNumber(start), end: end === null ? Infinity : dayToNumber(end) });

function union(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function subtract(spans: readonly Span[], holes: readonly Span[]): Span[] {
  let out = [...spans];
  for (const hole of holes) {
    out = out.flatMap((s) => {
      if (hole.end <= s.start || hole.start >= s.end) return [s];
      const parts: Span[] = [];
      if (s.start < hole.start) parts.push({ start: s.start, end: hole.start });
      if (hole.end < s.end) parts.push({ start: hole.end, end: s.end });
      return parts;
    });
  }
  return out;
}

/** Each customer's in-trial spans: the union of its active trials minus its paying spells. */
function inTrialSpans(trials: readonly TrialInput[], paying: readonly PayingSpellInput[]): Span[] {
  const trialsOf = new Map<string, Span[]>();
  for (const t of trials) {
    const list = trialsOf.get(t.customerId) ?? [];
    list.push(spanOf(t.startedDay, trialStopDay(t)));
    trialsOf.set(t.customerId, list);
  }
  const payingOf = new Map<string, Span[]>();
  for (const p of paying) {
    if (!trialsOf.has(p.customerId)) continue;
    const list = payingOf.get(p.customerId) ?? [];
    list.push(spanOf(p.startDay, p.endDay));
    payingOf.set(p.customerId, list);
  }
  return [...trialsOf].flatMap(([customerId, spans]) => subtract(union(spans), payingOf.get(customerId) ?? []));
}

/** Customers in trial at the end of `day`: a trial active that day and not paying. */
export function activeTrialsOn(trials: readonly TrialInput[], paying: readonly PayingSpellInput[], day: Day): number {
  const n = dayToNumber(day);
  return inTrialSpans(trials, paying).filter((s) => s.start <= n && n < s.end).length;
}

export type TrialConversion = { started: number; converted: number; rate: { value: number | null; reason?: string }; averageDaysToConvert: number | null };

/** Of the trials that started in [from, to] and had time to finish by the end of `asOfDay` (their
 *  real trial end has come; with none known, they converted or ended), how many converted by then. */
export function finishedTrialConversion(trials: readonly TrialInput[], window: { from: Day; to: Day; asOfDay: Day }): TrialConversion {
  const finished = trials.filter((t) => {
    const end = t.trialEndDay ?? trialStopDay(t);
    return t.startedDay >= window.from && t.startedDay <= window.to && end !== null && end <= window.asOfDay;
  });
  const converted = finished.filter((t) => t.convertedDay !== null && t.convertedDay <= window.asOfDay);
  const days = converted.reduce((sum, t) => sum + daysBetween(t.startedDay, t.convertedDay!), 0);
  return {
    started: finished.length,
    converted: converted.length,
    rate: finished.length === 0 ? { value: null, reason: 'no trial that started in the window has finished' } : { value: converted.length / finished.length },
    averageDaysToConvert: converted.length === 0 ? null : days / converted.length,
  };
}

export function computeTrialPeriods(trials: readonly TrialInput[], options: TrialOptions): TrialPeriodRow[] {
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
  const last = ends[ends.length - 1]!;

  // Index of the period containing a day number, or -1 outside [from, to].
  const indexOf = (n: number): number => {
    if (n < first || n > last) return -1;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! >= n) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const daysToConvert = rows.map(() => 0);
  const asOfDay = options.asOfDay;
  for (const trial of trials) {
    const startIndex = indexOf(dayToNumber(trial.startedDay));
    const known = trial.convertedDay !== null && (asOfDay === undefined || trial.convertedDay <= asOfDay);
    const convertedIndex = known ? indexOf(dayToNumber(trial.convertedDay!)) : -1;
    if (startIndex >= 0) {
      const row = rows[startIndex]!;
      row.started += 1;
      if (known) {
        row.startedAndConverted += 1;
        daysToConvert[startIndex]! += daysBetween(trial.startedDay, trial.convertedDay!);
      }
    }
    if (convertedIndex >= 0) rows[convertedIndex]!.converted += 1;
  }

  // In-trial sweep: +1 on a span's first day, −1 on its end, prefix-summed per period end.
  const changes: { n: number; delta: number }[] = [];
  for (const s of inTrialSpans(trials, options.paying)) {
    changes.push({ n: s.start, delta: 1 });
    if (s.end !== Infinity) changes.push({ n: s.end, delta: -1 });
  }
  changes.sort((a, b) => a.n - b.n);
  let active = 0;
  let c = 0;
  rows.forEach((row, i) => {
    while (c < changes.length && changes[c]!.n <= ends[i]!) active += changes[c++]!.delta;
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
