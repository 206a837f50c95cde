// A demo account's support tickets: a plan-dependent trickle, more and more urgent ones while
// usage declines before a churn, a few more during a dip and in the first month. First response
// and resolution times are drawn when the ticket opens; what had not happened by `until` is left
// open (status open or pending), so nothing is dated after the demo's end — and a later top-up,
// drawing the same ticket again with a later `until`, moves it on.
import { mixSeed } from '../random.js';
import { engagementOn, type AccountProfile } from './profile.js';
import { inSpell, normal, STREAM, streamFor, type DayNumber } from './story.js';

export type TicketStatus = 'open' | 'pending' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export type TicketRow = {
  ticketId: string;
  customerId: string;
  accountId: string;
  email: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  openedAt: number;
  firstResponseAt: number | null;
  closedAt: number | null;
  satisfaction: number | null;
};

const SUBJECTS = {
  calm: ['How do I share a dashboard?', 'Question about CSV export', 'Adding a teammate', 'Changing the report timezone', 'Where do I find the API key?', 'Feature request: custom colours'],
  troubled: ['Reports are not loading', 'Data looks wrong since last week', 'API returns errors intermittently', 'Billing question: can we downgrade?', 'Sync keeps failing', 'We cannot find what we need'],
} as const;

const DAY_SECONDS = 86_400;
const HOUR = 3_600;

/** Ticket rate multiplier on `day`: in the decline, rising with it, up to ~4×. */
export function ticketPressure(profile: Pick<AccountProfile, 'decline' | 'dips' | 'signupDay' | 'trialOnly'>, day: DayNumber): number {
  let pressure = 1;
  const { decline } = profile;
  if (decline && day >= decline.start && day < decline.end) pressure *= 1.5 + 2.5 * (1 - engagementOn({ decline, dips: [], trialOnly: false }, day));
  for (const dip of profile.dips) if (day >= dip.start && day < dip.end) pressure *= 1.5;
  if (day - profile.signupDay < 30) pressure *= 1.8;
  return pressure;
}

function priorityOf(troubled: boolean, r: number): TicketPriority {
  const [low, normalShare, high] = troubled ? [0.05, 0.4, 0.33] : [0.25, 0.57, 0.14];
  return r < low ? 'low' : r < low + normalShare ? 'normal' : r < low + normalShare + high ? 'high' : 'urgent';
}

const RESPONSE_HOURS: Record<TicketPriority, number> = { low: 10, normal: 5, high: 2, urgent: 0.7 };

/** The ticket opened by the account on `day`, if any, as known at `until` (unix seconds). */
export function ticketOnDay(profile: AccountProfile, day: DayNumber, seed: number, until: number): TicketRow | null {
  if (!inSpell(profile.spells, day)) return null;
  const pressure = ticketPressure(profile, day);
  // Most days open nothing: decided by one hash, the day's stream only made for a ticket.
  if (mixSeed(seed, profile.accountKey, STREAM.tickets, day) / 2 ** 32 >= (profile.ticketsPer100Days / 100) * pressure) return null;
  const rng = streamFor(seed, profile.accountKey, STREAM.tickets, day);
  const troubled = pressure >= 2 && rng.chance(0.75);
  const priority = priorityOf(troubled, rng.next());
  const openedAt = day * DAY_SECONDS + rng.int(7 * HOUR, 20 * HOUR);
  if (openedAt > until) return null;
  // Slower answers to troubled accounts: the queue they join is the hard one.
  const responseHours = RESPONSE_HOURS[priority] * Math.exp(0.6 * normal(rng)) * (troubled ? 1.8 : 1);
  const resolveHours = responseHours + 2 + 40 * rng.next() * (troubled ? 2 : 1);
  const respondedAt = openedAt + Math.round(responseHours * HOUR);
  const resolvedAt = openedAt + Math.round(resolveHours * HOUR);
  const rated = rng.chance(0.6);
  const score = troubled ? rng.weighted([[1, 3], [2, 4], [3, 3], [4, 1]] as const) : rng.weighted([[3, 1], [4, 4], [5, 6]] as const);
  const subjects = troubled ? SUBJECTS.troubled : SUBJECTS.calm;
  const user = profile.users[rng.int(0, profile.users.length - 1)] ?? profile.users[0];
  const firstResponseAt = respondedAt <= until ? respondedAt : null;
  const closedAt = resolvedAt <= until ? resolvedAt : null;
  return {
    ticketId: `demo_t_${profile.accountKey.toString(36)}_${day}`,
    customerId: profile.customerId,
    accountId: profile.accountId,
    email: user?.email ?? `support@${profile.domain}`,
    subject: subjects[rng.int(0, subjects.length - 1)]!,
    status: closedAt !== null ? 'closed' : firstResponseAt !== null ? 'pending' : 'open',
    priority,
    openedAt,
    firstResponseAt,
    closedAt,
    satisfaction: closedAt !== null && rated ? score : null,
  };
}

export function ticketsBetween(profile: AccountProfile, from: DayNumber, to: DayNumber, seed: number, until: number): TicketRow[] {
  const rows: TicketRow[] = [];
  for (let day = from; day <= to; day++) {
    const ticket = ticketOnDay(profile, day, seed, until);
    if (ticket) rows.push(ticket);
  }
  return rows;
}
