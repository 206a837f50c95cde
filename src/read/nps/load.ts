// NPS over a range and per period as of an instant: each respondent's latest response in the span
// counts once; promoters answer 9–10, passives 7–8, detractors 0–6; NPS = 100 × (promoters −
// detractors) / respondents, null with a note when no one answered. The previous range has the
// same number of days and ends the day before `from`.
import type { Kysely } from 'kysely';
import { addDays, daysBetween, type Granularity } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import { clippedPeriods } from '../periods/load.js';
import type { NpsFigure, NpsResponse } from './contract.js';
import { npsResponses, type NpsResponseRow } from './query.js';

export const PROMOTER_FROM = 9;
export const DETRACTOR_UP_TO = 6;

/** The NPS of responses (any order): the latest per respondent counts. */
export function npsOf(responses: readonly Pick<NpsResponseRow, 'respondent' | 'at' | 'score'>[]): NpsFigure {
  const latest = new Map<string, { at: number; score: number }>();
  for (const r of responses) {
    const seen = latest.get(r.respondent);
    if (!seen || r.at.getTime() >= seen.at) latest.set(r.respondent, { at: r.at.getTime(), score: r.score });
  }
  let promoters = 0;
  let detractors = 0;
  for (const { score } of latest.values()) {
    if (score >= PROMOTER_FROM) promoters += 1;
    else if (score <= DETRACTOR_UP_TO) detractors += 1;
  }
  const n = latest.size;
  const figure = { responses: n, promoters, passives: n - promoters - detractors, detractors };
  return n === 0 ? { ...figure, nps: null, note: 'No NPS responses in this span' } : { ...figure, nps: (100 * (promoters - detractors)) / n };
}

export type NpsQuery = { from: Day; to: Day; granularity: Granularity };

export async function loadNps(db: Kysely<Database>, workspaceId: string, query: NpsQuery, asOf: AsOf): Promise<NpsResponse> {
  const to = clampDay(query.to, asOf);
  const span = Math.max(0, daysBetween(query.from, to)) + 1;
  const previous = { from: addDays(query.from, -span), to: addDays(query.from, -1) };
  const rows = to < query.from ? [] : await npsResponses(db, workspaceId, previous.from, to, asOf.at);
  const within = (from: Day, end: Day) => rows.filter((r) => r.day >= from && r.day <= end);
  const periods = to < query.from ? [] : clippedPeriods(query.from, to, query.granularity).map((p) => ({ period: p.key, start: p.start, end: p.end, ...npsOf(within(p.start, p.end)) }));
  return {
    granularity: query.granularity, from: query.from, to,
    current: npsOf(within(query.from, to)),
    previous: { ...previous, ...npsOf(within(previous.from, previous.to)) },
    periods,
  };
}
