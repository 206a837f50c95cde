// Everything customer success knows about one billing customer at the end of one day: product
// usage (from the tracking roll-ups of the accounts linked to it), support, surveys, plan limits
// and the revenue side. Health (src/core/health.ts), churn risk, alert rules and segments all
// read this one shape; src/read/success-signals/ loads it as of an instant. Pure data.
import type { Day } from './dates.js';

export type UsageSignals = {
  /** Days with at least one event in the 30 days ending on `day` (0–30). */
  activeDays30d: number;
  /** Track events (page views excluded) in the 30 days ending on `day`, and in the 30 before. */
  events30d: number;
  eventsPrev30d: number;
  /** The same over 7 days (week over week). */
  events7d: number;
  eventsPrev7d: number;
  /** Distinct active users in the 30 days ending on `day` (seats in use), and in the 30 before. */
  activeUsers30d: number;
  activeUsersPrev30d: number;
  /** Distinct track event names used in the 30 days ending on `day` (feature adoption). */
  featuresUsed30d: readonly string[];
  lastActiveDay: Day | null;
};

export type SupportSignals = {
  /** Tickets opened in the 30 days ending on `day`. */
  opened30d: number;
  /** Tickets open at the end of `day`, and of those urgent or high priority. */
  open: number;
  openUrgent: number;
  /** Median hours to first response over tickets opened in the last 90 days (null: none answered). */
  medianFirstResponseHours: number | null;
  /** Average satisfaction (1–5) over tickets closed in the last 90 days (null: none rated). */
  satisfactionAvg: number | null;
};

export type SurveySignals = {
  /** The customer's latest NPS response on or before `day` (0–10). */
  latestScore: number;
  latestDay: Day;
};

export type LimitUse = {
  /** A usage event name, or '$seats'. */
  metric: string;
  used: number;
  limit: number;
  /** used / limit. */
  ratio: number;
};

export type CustomerSignals = {
  customerId: string;
  day: Day;
  planId: string | null;
  /** MRR at the end of `day` and 30 days before, in the reporting currency's minor units. */
  mrr: number;
  mrr30DaysAgo: number;
  paying: boolean;
  /** Days since the first paid day (null: never paid). */
  tenureDays: number | null;
  trialing: boolean;
  trialEndDay: Day | null;
  /** Failed payment attempts in the 30 days ending on `day`, and whether the latest attempt failed. */
  failedPayments30d: number;
  lastPaymentFailed: boolean;
  discounted: boolean;
  /** Null when no product account is linked to the customer or it never sent an event: the
   *  usage, engagement and feature-adoption components then have no data (a partial score). */
  usage: UsageSignals | null;
  /** Null when the workspace has no support data at all (no feed connected): not the same as a
   *  customer with no tickets, which is good news. */
  support: SupportSignals | null;
  /** Null when the customer never answered an NPS survey. */
  survey: SurveySignals | null;
  /** Usage against the plan's limits (empty when the plan has none). */
  limits: readonly LimitUse[];
};
