// One demo customer's product account, derived from its billing story: how it links to the
// billing customer, who uses it, how intensely, and the story its signals tell — a decline that
// starts 3 to 8 weeks before a churn (for most churners, not all), a passing dip for some who
// stay, onboarding milestones for new customers. Pure and deterministic: the same story and
// seed give the same profile.
import type { DemoPlanKey } from '../catalog.js';
import type { Rng } from '../random.js';
import { hashId, normal, STREAM, streamFor, type BillingStory, type DayNumber, type UseSpell } from './story.js';

export type LinkRule = 'customer_id' | 'email_domain';

export type DemoUser = {
  userId: string;
  email: string;
  name: string;
  /** Chance of being active on a weekday at full engagement (weekends much less). */
  propensity: number;
  /** Events a day relative to the plan's typical user. */
  intensity: number;
  /** From this day on (the first user from signup, the others once invited). */
  joinDay: DayNumber;
};

/** The days the onboarding milestones were reached (null: not reached). */
export type Onboarding = { integration: DayNumber | null; invite: DayNumber | null; report: DayNumber | null };

export type Decline = { start: DayNumber; end: DayNumber; floor: number };
export type Dip = { start: DayNumber; end: DayNumber; depth: number };

export type AccountProfile = {
  accountId: string;
  /** hashId(accountId): the key of the account's random streams. */
  accountKey: number;
  name: string;
  domain: string;
  /** The billing customer the account belongs to (known to the generator, whatever the link). */
  customerId: string;
  /** How the account is linked to the billing customer; null: left unlinked on purpose. */
  linkRule: LinkRule | null;
  planKey: DemoPlanKey | null;
  seats: number;
  users: readonly DemoUser[];
  /** Scales API calls and reports: the accounts that press against their plan's limits. */
  heavy: boolean;
  apiUser: boolean;
  spells: readonly UseSpell[];
  signupDay: DayNumber;
  churnDay: DayNumber | null;
  trialOnly: boolean;
  /** Usage falls before a churn (null: a churner that shows nothing, or no churn). */
  decline: Decline | null;
  /** Passing dips of a customer who stays. */
  dips: readonly Dip[];
  /** Expected tickets per 100 active days at normal times. */
  ticketsPer100Days: number;
  onboarding: Onboarding;
};

/** Share of accounts left unlinked (listed as unmatched) and linked by e-mail domain. */
export const UNLINKED_SHARE = 0.02;
export const DOMAIN_LINKED_SHARE = 0.08;
/** Where the people of an unlinked account have their e-mail (a public domain, never matched). */
export const PERSONAL_DOMAIN = 'gmail.com';
/** Share of churners whose usage and tickets tell nothing beforehand. */
export const SILENT_CHURN_SHARE = 0.2;
/** Share of customers who stay but go through a dip. */
export const DIP_SHARE = 0.15;
/** The decline starts this many days before the churn (inclusive range). */
export const DECLINE_LEAD_DAYS = [21, 56] as const;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jade', 'Kofi', 'Lia', 'Milo', 'Nora', 'Owen', 'Pia', 'Raj', 'Sara', 'Teo', 'Uma', 'Vik', 'Wen', 'Xavi', 'Yara', 'Zed'];
const LAST = ['Abe', 'Brandt', 'Chen', 'Diaz', 'Eriksen', 'Fox', 'Gill', 'Holm', 'Iyer', 'Jones', 'Kaur', 'Lund', 'Mori', 'Nash', 'Ortiz', 'Park', 'Quinn', 'Ruiz', 'Shah', 'Tran', 'Ueda', 'Vega', 'Wolf', 'Xu', 'Yilmaz'];

function domainOf(email: string | null, customerId: string): string {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at >= 0 ? email.slice(at + 1).toLowerCase() : `${customerId.toLowerCase()}.example`;
}

/** How many people use the account: the seat story behind the expansion opportunities. */
export function userCount(planKey: DemoPlanKey | null, quantity: number, rng: Rng): number {
  switch (planKey) {
    case 'starter':
      // The single-seat plan: a few share it anyway.
      return rng.chance(0.07) ? rng.int(2, 3) : 1;
    case 'growth': {
      const seats = Math.max(1, quantity);
      if (rng.chance(0.06)) return seats + rng.int(1, 2);
      return Math.max(1, Math.round(seats * (0.55 + 0.45 * rng.next())));
    }
    case 'scale':
      return rng.int(4, 12);
    default:
      return rng.int(1, 2);
  }
}

function onboardingOf(rng: Rng, signupDay: DayNumber, trialOnly: boolean): Onboarding {
  // A chain: a step missed stops the checklist there. Trials that never convert stall more.
  const odds = trialOnly ? [0.55, 0.45, 0.5] : [0.93, 0.82, 0.9];
  const integration = rng.chance(odds[0]!) ? signupDay + rng.int(0, 4) : null;
  const invite = integration !== null && rng.chance(odds[1]!) ? integration + rng.int(1, 4) : null;
  const report = invite !== null && rng.chance(odds[2]!) ? Math.min(signupDay + 13, invite + rng.int(0, 5)) : null;
  return { integration, invite, report };
}

function usersOf(seed: number, count: number, domain: string, accountId: string, signupDay: DayNumber, onboarding: Onboarding, powerOnEntry: boolean): DemoUser[] {
  const users: DemoUser[] = [];
  const key = hashId(accountId);
  // Each user draws from its own stream: a seat added later leaves the others as they were.
  const joinedFrom = onboarding.invite ?? signupDay + streamFor(seed, key, STREAM.users, 0).int(10, 40);
  for (let i = 0; i < count; i++) {
    const rng = streamFor(seed, key, STREAM.users, i + 1);
    const first = FIRST[(key + i * 7) % FIRST.length]!;
    const last = LAST[((key >>> 8) + (i === 0 ? 0 : i * 11)) % LAST.length]!;
    users.push({
      userId: `${accountId}_u${i + 1}`,
      email: domain === PERSONAL_DOMAIN ? `${first}.${last}.${key % 1000}`.toLowerCase() + `@${domain}` : `${first.toLowerCase()}${i === 0 ? '' : `.${i + 1}`}@${domain}`,
      name: `${first} ${last}`,
      // The account's admin uses it most; the others vary.
      propensity: i === 0 ? 0.75 + 0.2 * rng.next() : 0.3 + 0.55 * rng.next(),
      intensity: Math.exp(0.35 * normal(rng)) * (i === 0 && powerOnEntry ? 4 : 1),
      joinDay: i === 0 ? signupDay : joinedFrom + rng.int(0, 20),
    });
  }
  return users;
}

function declineOf(rng: Rng, churnDay: DayNumber | null, trialOnly: boolean): Decline | null {
  // Always three draws, whatever the story: the draws after them stay put.
  const silent = rng.chance(SILENT_CHURN_SHARE);
  const lead = rng.int(DECLINE_LEAD_DAYS[0], DECLINE_LEAD_DAYS[1]);
  const floor = 0.05 + 0.3 * rng.next();
  if (churnDay === null || trialOnly || silent) return null;
  return { start: churnDay - lead, end: churnDay, floor };
}

/** Dips fall in fixed 180-day periods (from day 0), each drawn from its own stream. */
export const DIP_PERIOD_DAYS = 180;

/** The dips of a customer who stays, in the periods that meet [from, to]. */
export function dipsOf(seed: number, accountKey: number, from: DayNumber, to: DayNumber): Dip[] {
  const dips: Dip[] = [];
  for (let k = Math.floor(from / DIP_PERIOD_DAYS); k <= Math.floor(to / DIP_PERIOD_DAYS); k++) {
    const rng = streamFor(seed, accountKey, STREAM.dips, k);
    if (!rng.chance(DIP_SHARE)) continue;
    const start = k * DIP_PERIOD_DAYS + rng.int(0, DIP_PERIOD_DAYS - 1);
    dips.push({ start, end: start + rng.int(10, 28), depth: 0.25 + 0.35 * rng.next() });
  }
  return dips;
}

const TICKET_BASE: Record<DemoPlanKey, number> = { starter: 1, growth: 2, scale: 4 };

/**
 * The account of `story`. `window` bounds the days whose dips are drawn (the days the signals
 * are generated for); everything else depends on the story and the seed only, and a draw never
 * depends on an earlier one's outcome, so a story that moves on (more seats, a new plan, a
 * churn) changes only what it must.
 */
export function accountProfile(story: BillingStory, seed: number, window: { start: DayNumber; end: DayNumber }): AccountProfile {
  const rng = streamFor(seed, hashId(story.customerId), STREAM.profile);
  const domain = domainOf(story.email, story.customerId);
  const link = rng.next();
  const linkRule: LinkRule | null = link < UNLINKED_SHARE ? null : link < UNLINKED_SHARE + DOMAIN_LINKED_SHARE ? 'email_domain' : 'customer_id';
  const heavy = rng.chance(0.1);
  const api = rng.next();
  const power = rng.chance(0.06);
  const ticketNoise = normal(rng);
  const decline = declineOf(rng, story.churnDay, story.trialOnly);
  const planKey = story.planKey;
  const userDraw = streamFor(seed, hashId(story.customerId), STREAM.seats);
  const count = userCount(planKey, story.quantity, userDraw);
  // Linked by id: the product sends the billing customer id as its group id. Otherwise the
  // product has its own id for the organisation.
  const accountId =
    linkRule === 'customer_id' ? story.customerId
    : linkRule === 'email_domain' ? `org_${domain.replace(/[^a-z0-9]+/g, '_')}`
    : `org_${hashId(story.customerId).toString(36)}`;
  const accountKey = hashId(accountId);
  const onboarding = onboardingOf(streamFor(seed, accountKey, STREAM.onboarding), story.signupDay, story.trialOnly);
  // The unlinked ones signed up with personal addresses: no rule can match them to a customer.
  const users = usersOf(seed, count, linkRule === null ? PERSONAL_DOMAIN : domain, accountId, story.signupDay, onboarding, planKey === 'starter' && power);
  return {
    accountId,
    accountKey,
    name: story.name ?? domain,
    domain,
    customerId: story.customerId,
    linkRule,
    planKey,
    seats: planKey === 'growth' ? story.quantity : planKey === 'starter' ? 1 : users.length,
    users,
    heavy,
    apiUser: heavy || api < (planKey === 'scale' ? 0.9 : planKey === 'growth' ? 0.6 : 0.3),
    spells: story.spells,
    signupDay: story.signupDay,
    churnDay: story.churnDay,
    trialOnly: story.trialOnly,
    decline,
    dips: story.churnDay === null ? dipsOf(seed, accountKey, window.start, window.end) : [],
    ticketsPer100Days: (planKey ? TICKET_BASE[planKey] : 1) * Math.exp(0.4 * ticketNoise),
    onboarding,
  };
}

/** How much of its usual self the account is on `day`: 1, less in a dip, falling before a churn. */
export function engagementOn(profile: Pick<AccountProfile, 'decline' | 'dips' | 'trialOnly'>, day: DayNumber): number {
  let factor = profile.trialOnly ? 0.6 : 1;
  const { decline } = profile;
  if (decline && day >= decline.start) {
    const progress = Math.min(1, (day - decline.start + 1) / Math.max(1, decline.end - decline.start));
    factor *= 1 - (1 - decline.floor) * progress;
  }
  for (const dip of profile.dips) if (day >= dip.start && day < dip.end) factor *= dip.depth;
  return factor;
}
