// Onboarding on the as-of day: the customers who signed up in the settings' window (default 30
// days, ending on the as-of day), each milestone's first tracked day, the completion rate per
// milestone and who is stuck — not complete, and no milestone (or signup) in the last 7 days.
import type { Kysely } from 'kysely';
import { addDays, daysBetween } from '../../core/dates.js';
import type { OnboardingMilestone } from '../../core/success-settings.js';
import type { Database } from '../../store/schema.js';
import { loadSuccessSettings } from '../../store/success-settings-repo.js';
import type { AsOf } from '../clock.js';
import type { OnboardingCustomer, OnboardingResponse } from './contract.js';
import { firstEventDays, signupsBetween } from './query.js';

export const STUCK_AFTER_DAYS = 7;

export async function loadOnboarding(db: Kysely<Database>, workspaceId: string, asOf: AsOf): Promise<OnboardingResponse> {
  const settings = await loadSuccessSettings(db, workspaceId);
  const { windowDays, milestones } = settings.onboarding;
  const from = addDays(asOf.day, -(windowDays - 1));
  const [signups, reached] = await Promise.all([
    signupsBetween(db, workspaceId, from, asOf.day),
    firstEventDays(db, workspaceId, from, asOf.day, [...new Set(milestones.map((m) => m.event))]),
  ]);
  const firstDay = new Map(reached.map((r) => [`${r.customerId}\u0000${r.event}`, r.day]));
  const customers: OnboardingCustomer[] = signups.map((s) => progressOf(s, milestones, (event) => firstDay.get(`${s.customerId}\u0000${event}`) ?? null, asOf.day));
  const notes: string[] = [];
  if (milestones.length === 0) notes.push('No onboarding milestones are set (Settings → Customer success).');
  if (signups.length > 0 && signups.every((s) => !s.linked)) notes.push('None of these customers has a product account linked yet: milestones come from tracked events.');
  return {
    asOf: asOf.at.toISOString(), day: asOf.day, windowDays, stuckAfterDays: STUCK_AFTER_DAYS,
    milestones: milestones.map((m) => {
      const n = customers.filter((c) => c.milestones.some((x) => x.key === m.key && x.reachedDay !== null)).length;
      return { ...m, reached: n, rate: customers.length === 0 ? null : n / customers.length };
    }),
    counts: { customers: customers.length, completed: customers.filter((c) => milestones.length > 0 && c.completed === milestones.length).length, stuck: customers.filter((c) => c.stuck).length },
    customers, notes,
  };
}

/** One customer's checklist: a milestone reached before signup (an account used before it paid)
 *  still counts. */
export function progressOf(
  s: { customerId: string; name: string | null; planName: string | null; signupDay: string; linked: boolean },
  milestones: readonly OnboardingMilestone[],
  firstDayOf: (event: string) => string | null,
  day: string,
): OnboardingCustomer {
  const items = milestones.map((m) => ({ key: m.key, reachedDay: firstDayOf(m.event) }));
  const reachedDays = items.map((i) => i.reachedDay).filter((d): d is string => d !== null);
  const completed = reachedDays.length;
  const lastProgressDay = [s.signupDay, ...reachedDays].sort().at(-1)!;
  return {
    customerId: s.customerId, name: s.name, planName: s.planName, signupDay: s.signupDay, completed, milestones: items, lastProgressDay,
    stuck: completed < milestones.length && daysBetween(lastProgressDay, day) >= STUCK_AFTER_DAYS, linked: s.linked,
  };
}
