// GET /v1/success/expansion: customers ready to buy more — usage above 80% of a plan limit, more
// than one active user on a single-seat plan, power users on the entry plan — each with the
// evidence numbers and a suggested next plan. The route serialises with these; the screen parses.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';

export const EXPANSION_KINDS = ['limit_near', 'multi_user_single_seat', 'power_user_entry_plan'] as const;
export type ExpansionKind = (typeof EXPANSION_KINDS)[number];

const limitNear = z.object({
  kind: z.literal('limit_near'),
  metric: z.string().check(z.describe("A usage event name, or '$seats'")),
  used: z.number(),
  limit: z.number(),
  ratio: z.number().check(z.describe('used / limit (above 0.8)')),
});
const multiUser = z.object({
  kind: z.literal('multi_user_single_seat'),
  activeUsers: count.check(z.describe('Distinct active users in the last 30 days')),
  seats: z.number(),
});
const powerUser = z.object({
  kind: z.literal('power_user_entry_plan'),
  powerUsers: count.check(z.describe("The customer's users in the workspace's top 10% by events in the last 30 days")),
  topUserEvents: count,
  threshold: z.number().check(z.describe('Events in 30 days from which a user is in the top 10%')),
});
export const expansionEvidence = z.discriminatedUnion('kind', [limitNear, multiUser, powerUser]);
export type ExpansionEvidence = z.infer<typeof expansionEvidence>;

export const expansionOpportunity = z.object({
  customerId: z.string(),
  name: z.nullable(z.string()),
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  mrr: minorUnits.check(z.describe('MRR on the as-of day, reporting currency')),
  kind: z.enum(EXPANSION_KINDS),
  evidence: expansionEvidence,
  suggestedPlan: z.nullable(z.object({ planId: z.string(), planName: z.string() })),
});
export type ExpansionOpportunity = z.infer<typeof expansionOpportunity>;

export const expansionResponse = z.object({
  asOf: timestamp,
  day,
  currency: currencyCode,
  customers: count.check(z.describe('Distinct customers with at least one opportunity')),
  counts: z.object({ limit_near: count, multi_user_single_seat: count, power_user_entry_plan: count }),
  data: z.array(expansionOpportunity).check(z.describe('By MRR, largest first')),
  notes: z.array(z.string()),
});
export type ExpansionResponse = z.infer<typeof expansionResponse>;
