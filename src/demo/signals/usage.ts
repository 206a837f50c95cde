// A demo account's product usage, day by day, as the tracking roll-ups hold it: per event name
// the events, their summed quantity and distinct users (usage_daily), and who was active with how
// many events (user_activity_daily). Plan-dependent volumes, a weekday rhythm, the account's
// engagement (dips, the decline before a churn) and its onboarding milestones. Each day draws
// from its own stream, so a day comes out the same in the first load and in any top-up.
import type { DemoPlanKey } from '../catalog.js';
import { engagementOn, type AccountProfile } from './profile.js';
import { inSpell, isWeekend, normal, poisson, STREAM, streamFor, type DayNumber } from './story.js';

export const DEMO_EVENTS = {
  page: '$page',
  dashboard: 'Dashboard Viewed',
  report: 'Report Created',
  api: 'API Call',
  export: 'Export Downloaded',
  invite: 'Invite Sent',
  integration: 'Integration Connected',
  signup: 'Account Created',
} as const;

/** `userIds`: who did it (usage_daily_users); `users` is their count. */
export type UsageRow = { accountId: string; day: DayNumber; event: string; events: number; quantity: number; users: number; userIds: string[] };
export type ActivityRow = { accountId: string; userId: string; day: DayNumber; events: number };

type PlanUsage = {
  /** Chance a user at full engagement is active on a weekday, and on a weekend day. */
  weekday: number;
  weekend: number;
  pagesPerDay: number;
  dashboardsPerDay: number;
  reportsPerDay: number;
  exportsPerDay: number;
  /** API calls a day for the whole account (integrations run on weekends too). */
  apiCallsPerDay: number;
};

export const PLAN_USAGE: Record<DemoPlanKey, PlanUsage> = {
  starter: { weekday: 0.55, weekend: 0.06, pagesPerDay: 9, dashboardsPerDay: 3, reportsPerDay: 0.5, exportsPerDay: 0.05, apiCallsPerDay: 30 },
  growth: { weekday: 0.38, weekend: 0.04, pagesPerDay: 12, dashboardsPerDay: 4, reportsPerDay: 0.6, exportsPerDay: 0.07, apiCallsPerDay: 1_200 },
  scale: { weekday: 0.38, weekend: 0.04, pagesPerDay: 15, dashboardsPerDay: 5, reportsPerDay: 0.7, exportsPerDay: 0.1, apiCallsPerDay: 24_000 },
};

/** What a heavy account does more of (API calls and reports): it presses against its limits. */
export const HEAVY_FACTOR = 3;

function planUsage(planKey: DemoPlanKey | null): PlanUsage {
  return PLAN_USAGE[planKey ?? 'starter'];
}

/** One day of one account: its usage rows and its active users (empty when nobody used it). */
export function usageOnDay(profile: AccountProfile, day: DayNumber, seed: number): { usage: UsageRow[]; activity: ActivityRow[] } {
  if (!inSpell(profile.spells, day)) return { usage: [], activity: [] };
  const rng = streamFor(seed, profile.accountKey, STREAM.usage, day);
  const plan = planUsage(profile.planKey);
  const engagement = engagementOn(profile, day);
  const weekend = isWeekend(day);
  const heavy = profile.heavy ? HEAVY_FACTOR : 1;
  const totals = new Map<string, { events: number; quantity: number; userIds: string[] }>();
  const add = (event: string, events: number, quantity: number, userId: string | null) => {
    if (events <= 0) return;
    const t = totals.get(event) ?? { events: 0, quantity: 0, userIds: [] };
    t.events += events;
    t.quantity += quantity;
    if (userId !== null && !t.userIds.includes(userId)) t.userIds.push(userId);
    totals.set(event, t);
  };
  const activity: ActivityRow[] = [];
  const ob = profile.onboarding;
  // Reports come once the onboarding's first report is made (or its window has passed).
  const reportsFrom = ob.report ?? profile.signupDay + 14;

  for (const [i, user] of profile.users.entries()) {
    if (day < user.joinDay) continue;
    const admin = i === 0;
    let events = 0;
    // Onboarding milestones are the admin's, on their day, whatever the weekday.
    const milestone = (event: string, on: DayNumber | null) => {
      if (admin && on === day) {
        add(event, 1, 1, user.userId);
        events += 1;
      }
    };
    milestone(DEMO_EVENTS.signup, profile.signupDay);
    milestone(DEMO_EVENTS.integration, ob.integration);
    milestone(DEMO_EVENTS.invite, ob.invite);
    milestone(DEMO_EVENTS.report, ob.report);
    const active = events > 0 || rng.chance((weekend ? plan.weekend : plan.weekday) * user.propensity * engagement);
    if (active) {
      const level = user.intensity * Math.max(0.3, engagement);
      const pages = 1 + poisson(rng, plan.pagesPerDay * level);
      const dashboards = poisson(rng, plan.dashboardsPerDay * level);
      const reports = day >= reportsFrom && day !== ob.report ? poisson(rng, plan.reportsPerDay * level * heavy) : 0;
      const exports = poisson(rng, plan.exportsPerDay * level);
      add(DEMO_EVENTS.page, pages, pages, user.userId);
      add(DEMO_EVENTS.dashboard, dashboards, dashboards, user.userId);
      add(DEMO_EVENTS.report, reports, reports, user.userId);
      add(DEMO_EVENTS.export, exports, exports, user.userId);
      events += pages + dashboards + reports + exports;
      // Now and then, past onboarding, another invitation or integration.
      if (ob.invite !== null && day > ob.invite && rng.chance(0.004)) {
        add(DEMO_EVENTS.invite, 1, 1, user.userId);
        events += 1;
      }
    }
    if (events > 0) activity.push({ accountId: profile.accountId, userId: user.userId, day, events });
  }
  // API traffic is the account's integration, not a person: it has no user.
  if (profile.apiUser && (ob.integration === null || day >= ob.integration) && rng.chance(weekend ? 0.25 : 0.85)) {
    const calls = Math.round(plan.apiCallsPerDay * heavy * engagement * (weekend ? 0.5 : 1) * Math.exp(0.3 * normal(rng)));
    if (calls > 0) add(DEMO_EVENTS.api, Math.max(1, Math.ceil(calls / 100)), calls, null);
  }
  const usage = [...totals].map(([event, t]) => ({ accountId: profile.accountId, day, event, events: t.events, quantity: t.quantity, users: t.userIds.length, userIds: t.userIds }));
  return { usage, activity };
}

/** The account's usage over [from, to] (day numbers, inclusive; whole days, the last one too). */
export function usageBetween(profile: AccountProfile, from: DayNumber, to: DayNumber, seed: number): { usage: UsageRow[]; activity: ActivityRow[] } {
  const usage: UsageRow[] = [];
  const activity: ActivityRow[] = [];
  for (let day = from; day <= to; day++) {
    const one = usageOnDay(profile, day, seed);
    for (const row of one.usage) usage.push(row);
    for (const row of one.activity) activity.push(row);
  }
  return { usage, activity };
}
