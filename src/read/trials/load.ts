// The trials view: active trials, trial conversion and per-period trial figures as of an instant.
// One definition everywhere (src/core/trial-metrics.ts): the summary's activeTrials, the
// active_trials series, GET /v1/metrics/trials and the customers list's trialing status agree.
import type { Kysely } from 'kysely';
import { addDays, type Granularity } from '../../core/dates.js';
import { activeTrialsOn, computeTrialPeriods, finishedTrialConversion, type TrialConversion, type TrialPeriodRow } from '../../core/trial-metrics.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import type { TrialsResponse } from './contract.js';
import { payingSpellsOfTrialists, trialsRelevantTo, trialsStartedIn } from './query.js';

/** Days of trial starts the summary's conversion looks back over, the as-of day included. */
export const CONVERSION_WINDOW_DAYS = 60;

/** Customers in trial at the end of the as-of day. */
export async function loadActiveTrials(db: Kysely<Database>, workspaceId: string, asOf: AsOf): Promise<number> {
  const [trials, paying] = await Promise.all([
    trialsRelevantTo(db, workspaceId, asOf.day, asOf.day),
    payingSpellsOfTrialists(db, workspaceId, asOf.day, asOf.day),
  ]);
  return activeTrialsOn(trials, paying, asOf.day);
}

/** Trials that started in the CONVERSION_WINDOW_DAYS ending on the as-of day and had time to
 *  finish by it (their real trial end has come), and how many of them converted. */
export async function loadTrialConversion(db: Kysely<Database>, workspaceId: string, asOf: AsOf): Promise<TrialConversion & { from: Day; to: Day }> {
  const from = addDays(asOf.day, -(CONVERSION_WINDOW_DAYS - 1));
  const trials = await trialsStartedIn(db, workspaceId, from, asOf.day);
  return { from, to: asOf.day, ...finishedTrialConversion(trials, { from, to: asOf.day, asOfDay: asOf.day }) };
}

/** Per-period trial figures over [from, to], `to` clamped to the as-of day ([] when the range
 *  starts after it). */
export async function loadTrialPeriods(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: Day; to: Day; granularity: Granularity },
  asOf: AsOf,
): Promise<TrialPeriodRow[]> {
  const to = clampDay(range.to, asOf);
  if (to < range.from) return [];
  const [trials, paying] = await Promise.all([
    trialsRelevantTo(db, workspaceId, range.from, to),
    payingSpellsOfTrialists(db, workspaceId, range.from, to),
  ]);
  return computeTrialPeriods(trials, { from: range.from, to, granularity: range.granularity, paying, asOfDay: asOf.day });
}

/** GET /v1/metrics/trials. */
export async function loadTrials(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: Day; to: Day; granularity: Granularity },
  asOf: AsOf,
): Promise<TrialsResponse> {
  const periods = await loadTrialPeriods(db, workspaceId, range, asOf);
  return { granularity: range.granularity, from: range.from, to: clampDay(range.to, asOf), periods };
}
