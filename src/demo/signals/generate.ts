// The demo's product signals for a range of days, from the customers' billing stories: the
// accounts and their users (whole, whenever they are generated), and the usage, tickets and NPS
// answers dated within the range and not after `until`. The store writes what this returns.
import { accountProfile, type AccountProfile } from './profile.js';
import type { BillingStory, DayNumber } from './story.js';
import { surveysBetween, type SurveyRow } from './surveys.js';
import { ticketsBetween, type TicketRow } from './tickets.js';
import { usageBetween, type ActivityRow, type UsageRow } from './usage.js';

/** The seed of the demo's signals (the Stripe demo's default seed too). */
export const DEMO_SIGNAL_SEED = 42;
/** Usage and tickets cover this many days up to the demo's end; NPS answers a year. */
export const SIGNAL_WINDOW_DAYS = 120;
export const SURVEY_WINDOW_DAYS = 365;
/** A top-up draws the tickets of this many days before it again: the open ones move on. */
export const TICKET_REDRAW_DAYS = 60;

export type SignalRange = {
  /** The first day whose usage is generated. */
  from: DayNumber;
  /** The first day whose tickets are drawn (at most `from`: earlier ones are drawn again). */
  ticketsFrom: DayNumber;
  /** The first day whose NPS answers are generated. */
  surveysFrom: DayNumber;
  /** The instant nothing may be dated after (unix seconds); its day is the range's last. */
  until: number;
  /** The first day of the demo's signal window (dips are drawn from there on). */
  windowStart: DayNumber;
};

export type DemoSignalRows = {
  accounts: AccountProfile[];
  usage: UsageRow[];
  activity: ActivityRow[];
  tickets: TicketRow[];
  surveys: SurveyRow[];
};

export function dayNumberOf(t: number): DayNumber {
  return Math.floor(t / 86_400);
}

/** The range of a first load that ends at `until`. */
export function firstLoadRange(until: number): SignalRange {
  const last = dayNumberOf(until);
  const from = last - SIGNAL_WINDOW_DAYS + 1;
  return { from, ticketsFrom: from, surveysFrom: last - SURVEY_WINDOW_DAYS + 1, until, windowStart: from };
}

/** The range of a top-up: the days after `loadedUntil`'s day up to `until`'s. */
export function topUpRange(loadedUntil: number, until: number, windowStart: DayNumber): SignalRange {
  const from = dayNumberOf(loadedUntil) + 1;
  return { from, ticketsFrom: from - TICKET_REDRAW_DAYS, surveysFrom: from, until, windowStart };
}

export function demoSignalRows(stories: readonly BillingStory[], seed: number, range: SignalRange): DemoSignalRows {
  const last = dayNumberOf(range.until);
  const out: DemoSignalRows = { accounts: [], usage: [], activity: [], tickets: [], surveys: [] };
  const seen = new Set<string>();
  for (const story of stories) {
    const profile = accountProfile(story, seed, { start: range.windowStart, end: last });
    // Two customers on one e-mail domain would name one organisation: the first keeps it.
    if (seen.has(profile.accountId)) continue;
    seen.add(profile.accountId);
    out.accounts.push(profile);
    const { usage, activity } = usageBetween(profile, range.from, last, seed);
    for (const row of usage) out.usage.push(row);
    for (const row of activity) out.activity.push(row);
    for (const row of ticketsBetween(profile, range.ticketsFrom, last, seed, range.until)) out.tickets.push(row);
    for (const row of surveysBetween(profile, range.surveysFrom, last, seed, range.until)) out.surveys.push(row);
  }
  return out;
}
