// A demo account's NPS answers: each account is asked about once a quarter (its own phase), about
// half answer, and the answer leans on its story — detractors are far more likely among
// customers who churn within the next quarter or whose usage is falling. Overall NPS lands
// around +35.
import { engagementOn, type AccountProfile } from './profile.js';
import { inSpell, STREAM, streamFor, type DayNumber } from './story.js';

export type SurveyRow = { responseId: string; customerId: string; accountId: string; email: string; score: number; comment: string | null; respondedAt: number };

export const SURVEY_EVERY_DAYS = 91;
export const RESPONSE_RATE = 0.5;

const COMMENTS = {
  promoter: ['Saves us hours every week.', 'The dashboards are exactly what we needed.', 'Great support team.', null],
  passive: ['Good, but the reports could be faster.', 'Does the job.', null, null],
  detractor: ['Too expensive for what we use.', 'We struggle to get value from it.', 'Data issues keep coming back.', 'Missing the integrations we need.'],
} as const;

type Mood = keyof typeof COMMENTS;

/** The share of promoters, passives and detractors for an account in `trouble` (0 calm – 1 leaving). */
export function npsMix(trouble: number): readonly (readonly [Mood, number])[] {
  const t = Math.min(1, Math.max(0, trouble));
  return [
    ['promoter', 0.55 - 0.4 * t],
    ['passive', 0.31 - 0.05 * t],
    ['detractor', 0.14 + 0.45 * t],
  ];
}

const SCORES: Record<Mood, readonly (readonly [number, number])[]> = {
  promoter: [[9, 1], [10, 1]],
  passive: [[7, 1], [8, 1]],
  detractor: [[2, 1], [3, 1], [4, 2], [5, 3], [6, 3]],
};

/** How troubled the account is on `day`: its falling engagement, or a churn within the quarter. */
export function troubleOn(profile: AccountProfile, day: DayNumber): number {
  const falling = 1 - engagementOn({ ...profile, trialOnly: false }, day);
  const leaving = profile.churnDay !== null && profile.churnDay > day && profile.churnDay - day <= SURVEY_EVERY_DAYS ? 0.6 : 0;
  return Math.max(falling, leaving);
}

export function surveyOnDay(profile: AccountProfile, day: DayNumber, seed: number, until: number): SurveyRow | null {
  const phase = profile.accountKey % SURVEY_EVERY_DAYS;
  if (((day - phase) % SURVEY_EVERY_DAYS + SURVEY_EVERY_DAYS) % SURVEY_EVERY_DAYS !== 0) return null;
  // Not asked in the first two weeks: nobody has an opinion yet.
  if (!inSpell(profile.spells, day) || day - profile.signupDay < 14) return null;
  const rng = streamFor(seed, profile.accountKey, STREAM.surveys, day);
  if (!rng.chance(RESPONSE_RATE)) return null;
  const respondedAt = day * 86_400 + rng.int(8 * 3600, 22 * 3600);
  if (respondedAt > until) return null;
  const mood = rng.weighted(npsMix(troubleOn(profile, day)));
  const comments = COMMENTS[mood];
  const user = profile.users[0];
  return {
    responseId: `demo_nps_${profile.accountKey.toString(36)}_${day}`,
    customerId: profile.customerId,
    accountId: profile.accountId,
    email: user?.email ?? `admin@${profile.domain}`,
    score: rng.weighted(SCORES[mood]),
    comment: rng.chance(0.35) ? comments[rng.int(0, comments.length - 1)] ?? null : null,
    respondedAt,
  };
}

export function surveysBetween(profile: AccountProfile, from: DayNumber, to: DayNumber, seed: number, until: number): SurveyRow[] {
  const rows: SurveyRow[] = [];
  for (let day = from; day <= to; day++) {
    const row = surveyOnDay(profile, day, seed, until);
    if (row) rows.push(row);
  }
  return rows;
}
