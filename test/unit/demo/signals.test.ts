// The demo signal generators' pure parts: billing facts to stories, the engagement curve (dips,
// the decline before a churn), seats, daily usage, tickets and NPS answers — deterministic, never
// dated after the end, and telling the churn story.
import { describe, expect, it } from 'vitest';
import { dayToNumber } from '../../../src/core/dates.js';
import { DEMO_PLAN_LIMITS } from '../../../src/demo/signals/limits.js';
import { accountProfile, DECLINE_LEAD_DAYS, engagementOn, userCount, type AccountProfile } from '../../../src/demo/signals/profile.js';
import { billingStories, isWeekend, type BillingStory, type CustomerFacts } from '../../../src/demo/signals/story.js';
import { npsMix, surveysBetween } from '../../../src/demo/signals/surveys.js';
import { ticketPressure, ticketsBetween } from '../../../src/demo/signals/tickets.js';
import { usageBetween, usageOnDay, DEMO_EVENTS } from '../../../src/demo/signals/usage.js';
import { createRng } from '../../../src/demo/random.js';

const d = dayToNumber;
const facts = (customerId: string, extra: Partial<CustomerFacts> = {}): CustomerFacts => ({
  customerId, name: `${customerId} Ltd`, email: `ops@${customerId}.io`, createdAt: d('2025-01-10') * 86_400 + 3600,
  planKey: 'growth', quantity: 5, status: 'active', cancelAtPeriodEnd: false, currentPeriodEnd: null, ...extra,
});

describe('billingStories', () => {
  const stories = billingStories({
    customers: [
      facts('paying'),
      facts('churned', { status: 'canceled' }),
      facts('leaving', { cancelAtPeriodEnd: true, currentPeriodEnd: d('2025-07-01') * 86_400 + 500 }),
      facts('tried', { planKey: 'starter', status: 'canceled' }),
      facts('back', { planKey: 'scale' }),
      facts('odd', { planKey: 'enterprise', quantity: null }),
    ],
    payingSpells: [
      { customerId: 'paying', start: '2025-01-24', end: null },
      { customerId: 'churned', start: '2025-01-10', end: '2025-04-02' },
      { customerId: 'leaving', start: '2025-01-10', end: null },
      { customerId: 'back', start: '2025-01-10', end: '2025-02-10' },
      { customerId: 'back', start: '2025-03-01', end: null },
    ],
    trials: [
      { customerId: 'paying', start: '2025-01-10', end: '2025-01-24', converted: true },
      { customerId: 'tried', start: '2025-01-10', end: '2025-01-24', converted: false },
    ],
  });
  const by = new Map(stories.map((s) => [s.customerId, s]));

  it.each([
    ['paying', [{ from: d('2025-01-10'), to: null }], null, false],
    ['churned', [{ from: d('2025-01-10'), to: d('2025-04-02') }], d('2025-04-02'), false],
    ['leaving', [{ from: d('2025-01-10'), to: null }], d('2025-07-01'), false],
    ['tried', [{ from: d('2025-01-10'), to: d('2025-01-24') }], null, true],
    ['back', [{ from: d('2025-01-10'), to: d('2025-02-10') }, { from: d('2025-03-01'), to: null }], null, false],
  ])('%s: spells, churn day, trial only', (id, spells, churnDay, trialOnly) => {
    const story = by.get(id)!;
    expect(story.spells).toEqual(spells);
    expect(story.churnDay).toBe(churnDay);
    expect(story.trialOnly).toBe(trialOnly);
    expect(story.signupDay).toBe(d('2025-01-10'));
  });

  it('keeps only the demo plans and at least one seat', () => {
    expect(by.get('odd')).toMatchObject({ planKey: null, quantity: 1 });
    expect(by.get('back')).toMatchObject({ planKey: 'scale', quantity: 5 });
  });
});

const WINDOW = { start: d('2025-01-01'), end: d('2025-06-30') };
const story = (over: Partial<BillingStory> = {}): BillingStory => ({
  customerId: 'cus_1', name: 'One', email: 'a@one.io', signupDay: d('2025-01-05'), planKey: 'growth', quantity: 6,
  spells: [{ from: d('2025-01-05'), to: null }], churnDay: null, trialOnly: false, ...over,
});

describe('engagementOn', () => {
  const decline = { start: 100, end: 140, floor: 0.2 };
  it.each([
    ['calm', { decline: null, dips: [], trialOnly: false }, 120, 1],
    ['before the decline', { decline, dips: [], trialOnly: false }, 99, 1],
    ['halfway down', { decline, dips: [], trialOnly: false }, 119, 1 - 0.8 * 0.5],
    ['the last day before the churn', { decline, dips: [], trialOnly: false }, 139, 0.2],
    ['in a dip', { decline: null, dips: [{ start: 10, end: 20, depth: 0.4 }], trialOnly: false }, 15, 0.4],
    ['after the dip', { decline: null, dips: [{ start: 10, end: 20, depth: 0.4 }], trialOnly: false }, 20, 1],
    ['a trial that never converts', { decline: null, dips: [], trialOnly: true }, 5, 0.6],
  ] as const)('%s', (_name, profile, day, expected) => {
    expect(engagementOn(profile, day)).toBeCloseTo(expected, 9);
  });
});

describe('userCount', () => {
  it.each([
    ['starter', 1, 1, 3],
    ['growth', 8, 1, 10],
    ['scale', 1, 4, 12],
  ] as const)('%s with quantity %i: between %i and %i people', (plan, quantity, min, max) => {
    const counts = Array.from({ length: 400 }, (_, i) => userCount(plan, quantity, createRng(i)));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...counts)).toBeLessThanOrEqual(max);
  });
  it('lets a few single-seat customers share the seat, and a few per-seat ones outgrow theirs', () => {
    const starter = Array.from({ length: 1000 }, (_, i) => userCount('starter', 1, createRng(i)));
    const growth = Array.from({ length: 1000 }, (_, i) => userCount('growth', 5, createRng(i)));
    const shared = starter.filter((n) => n > 1).length;
    const over = growth.filter((n) => n > 5).length;
    expect(shared).toBeGreaterThan(20);
    expect(shared).toBeLessThan(150);
    expect(over).toBeGreaterThan(20);
    expect(over).toBeLessThan(150);
  });
});

describe('accountProfile', () => {
  it('is deterministic and starts the decline 3 to 8 weeks before a churn', () => {
    const churnDay = d('2025-05-20');
    const profiles = Array.from({ length: 300 }, (_, i) => accountProfile(story({ customerId: `cus_${i}`, churnDay }), 42, WINDOW));
    expect(accountProfile(story({ customerId: 'cus_7', churnDay }), 42, WINDOW)).toEqual(profiles[7]);
    const declines = profiles.flatMap((p) => (p.decline ? [p.decline] : []));
    for (const decline of declines) {
      expect(churnDay - decline.start).toBeGreaterThanOrEqual(DECLINE_LEAD_DAYS[0]);
      expect(churnDay - decline.start).toBeLessThanOrEqual(DECLINE_LEAD_DAYS[1]);
    }
    // Most churners show it, some show nothing.
    expect(declines.length / profiles.length).toBeGreaterThan(0.65);
    expect(declines.length / profiles.length).toBeLessThan(0.95);
  });

  it('keeps what was drawn when the story moves on (more seats, a churn)', () => {
    const before = accountProfile(story({ quantity: 4 }), 42, WINDOW);
    const after = accountProfile(story({ quantity: 9, churnDay: d('2025-09-01') }), 42, { ...WINDOW, end: d('2025-08-30') });
    expect(after.users.slice(0, before.users.length)).toEqual(before.users.slice(0, after.users.length));
    expect([after.accountId, after.heavy, after.apiUser, after.linkRule, after.onboarding]).toEqual([before.accountId, before.heavy, before.apiUser, before.linkRule, before.onboarding]);
  });
});

function profileOf(over: Partial<BillingStory> = {}, patch: Partial<AccountProfile> = {}): AccountProfile {
  return { ...accountProfile(story(over), 42, WINDOW), ...patch };
}

const sumEvents = (rows: { event: string; events: number }[]) => rows.filter((r) => r.event !== DEMO_EVENTS.page).reduce((s, r) => s + r.events, 0);

describe('usage', () => {
  it('is the same day whichever range draws it', () => {
    const p = profileOf();
    const whole = usageBetween(p, WINDOW.start, WINDOW.end, 42);
    const day = d('2025-03-12');
    expect(usageOnDay(p, day, 42).usage).toEqual(whole.usage.filter((r) => r.day === day));
  });

  it('has nothing outside the spells', () => {
    const p = profileOf({ spells: [{ from: d('2025-02-01'), to: d('2025-03-01') }] });
    const { usage, activity } = usageBetween(p, WINDOW.start, WINDOW.end, 42);
    for (const r of [...usage, ...activity]) {
      expect(r.day).toBeGreaterThanOrEqual(d('2025-02-01'));
      expect(r.day).toBeLessThan(d('2025-03-01'));
    }
    expect(usage.length).toBeGreaterThan(0);
  });

  it('counts each event’s users among the day’s active users, and is busier on weekdays', () => {
    const p = profileOf({ quantity: 12 });
    const { usage, activity } = usageBetween(p, WINDOW.start, WINDOW.end, 42);
    for (const r of usage) {
      const active = new Set(activity.filter((a) => a.day === r.day).map((a) => a.userId));
      expect(r.users).toBe(r.userIds.length);
      for (const u of r.userIds) expect(active.has(u)).toBe(true);
    }
    const perDay = (weekend: boolean) => {
      const days = new Set<number>();
      for (let day = WINDOW.start; day <= WINDOW.end; day++) if (isWeekend(day) === weekend) days.add(day);
      return sumEvents(usage.filter((r) => days.has(r.day))) / days.size;
    };
    expect(perDay(false)).toBeGreaterThan(3 * perDay(true));
  });

  it('falls in the weeks before a churn, against the same account without the decline', () => {
    const churnDay = d('2025-06-20');
    const p = profileOf({ churnDay, spells: [{ from: d('2025-01-05'), to: churnDay }] }, { decline: { start: churnDay - 42, end: churnDay, floor: 0.1 }, dips: [] });
    const calm = { ...p, decline: null };
    const late = (x: AccountProfile) => sumEvents(usageBetween(x, churnDay - 28, churnDay - 1, 42).usage);
    expect(late(p)).toBeLessThan(0.6 * late(calm));
  });

  it('reaches the onboarding milestones on their days, in order', () => {
    const signup = d('2025-04-01');
    const p = profileOf({ signupDay: signup, spells: [{ from: signup, to: null }] }, { onboarding: { integration: signup + 1, invite: signup + 3, report: signup + 6 } });
    const { usage } = usageBetween(p, signup, signup + 13, 42);
    const first = (event: string) => usage.find((r) => r.event === event)?.day;
    expect([first(DEMO_EVENTS.signup), first(DEMO_EVENTS.integration), first(DEMO_EVENTS.invite), first(DEMO_EVENTS.report)]).toEqual([signup, signup + 1, signup + 3, signup + 6]);
  });
});

describe('tickets', () => {
  it('never dates a response or a close after the end, and says so in the status', () => {
    const p = profileOf({}, { ticketsPer100Days: 40 });
    const until = d('2025-06-30') * 86_400 + 10 * 3600;
    const tickets = ticketsBetween(p, WINDOW.start, WINDOW.end, 42, until);
    expect(tickets.length).toBeGreaterThan(30);
    for (const t of tickets) {
      expect(Math.max(t.openedAt, t.firstResponseAt ?? 0, t.closedAt ?? 0)).toBeLessThanOrEqual(until);
      expect(t.status).toBe(t.closedAt !== null ? 'closed' : t.firstResponseAt !== null ? 'pending' : 'open');
      if (t.satisfaction !== null) expect(t.status).toBe('closed');
    }
  });

  it('come more often, and more urgent, while usage declines', () => {
    const decline = { start: 100, end: 150, floor: 0.1 };
    expect(ticketPressure({ decline, dips: [], signupDay: 0, trialOnly: false }, 90)).toBe(1);
    expect(ticketPressure({ decline, dips: [], signupDay: 0, trialOnly: false }, 140)).toBeGreaterThan(3);
    const churnDay = d('2025-06-20');
    const many = (withDecline: boolean) => Array.from({ length: 200 }, (_, i) => {
      const base = profileOf({ customerId: `cus_${i}` }, { dips: [], ticketsPer100Days: 3 });
      return ticketsBetween({ ...base, decline: withDecline ? { start: churnDay - 42, end: churnDay, floor: 0.1 } : null }, churnDay - 42, churnDay - 1, 42, churnDay * 86_400);
    }).flat();
    const [calm, troubled] = [many(false), many(true)];
    expect(troubled.length).toBeGreaterThan(2 * calm.length);
    const urgentShare = (ts: typeof calm) => ts.filter((t) => t.priority === 'urgent' || t.priority === 'high').length / ts.length;
    expect(urgentShare(troubled)).toBeGreaterThan(urgentShare(calm));
  });
});

describe('NPS', () => {
  it.each([0, 0.25, 0.5, 1])('mix at trouble %f sums to 1', (trouble) => {
    expect(npsMix(trouble).reduce((s, [, w]) => s + w, 0)).toBeCloseTo(1, 9);
  });
  it('has more detractors the more troubled the account', () => {
    const detractors = (t: number) => npsMix(t).find(([m]) => m === 'detractor')![1];
    expect(detractors(0)).toBeLessThan(detractors(0.5));
    expect(detractors(0.5)).toBeLessThan(detractors(1));
    const promoters = npsMix(0).find(([m]) => m === 'promoter')![1];
    expect(Math.round(100 * (promoters - detractors(0)))).toBeGreaterThanOrEqual(30);
  });
  it('asks about once a quarter and never answers after the end', () => {
    const p = profileOf({ signupDay: d('2024-01-01'), spells: [{ from: d('2024-01-01'), to: null }] });
    const until = d('2025-06-30') * 86_400;
    const all = Array.from({ length: 50 }, (_, i) => surveysBetween({ ...p, accountKey: p.accountKey + i }, d('2024-07-01'), d('2025-06-30'), 42, until)).flat();
    // 50 accounts × ~4 asks × ~50% answer.
    expect(all.length).toBeGreaterThan(60);
    expect(all.length).toBeLessThan(150);
    for (const s of all) {
      expect(s.respondedAt).toBeLessThanOrEqual(until);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(10);
    }
  });
});

describe('DEMO_PLAN_LIMITS', () => {
  it('makes Starter the single-seat plan and limits API calls on every plan', () => {
    expect(DEMO_PLAN_LIMITS.starter.find((l) => l.metric === '$seats')?.limit).toBe(1);
    for (const plan of ['starter', 'growth', 'scale'] as const) expect(DEMO_PLAN_LIMITS[plan].some((l) => l.metric === DEMO_EVENTS.api)).toBe(true);
  });
});
