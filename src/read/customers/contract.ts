// GET /v1/customers (the filtered, sorted list) and GET /v1/customers/:id (one customer's profile).
// The route serialises with these and the Customers screen parses with them: the shapes exist once.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';

export const CUSTOMER_STATUSES = ['active', 'past_due', 'trialing', 'churned', 'inactive'] as const;
export const customerStatus = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof customerStatus>;

export const CUSTOMER_SORTS = ['mrr', '-mrr', 'name', '-name', 'signup', '-signup', 'health', '-health', 'risk', '-risk'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Health bands, worst first (docs/metrics.md, section 18). */
export const HEALTH_BANDS = ['high_risk', 'medium', 'healthy'] as const;
export const healthBand = z.enum(HEALTH_BANDS);
export type HealthBand = z.infer<typeof healthBand>;

/** The customers list's usage-trend filter: distinct active users in the last 30 days against the 30 before. */
export const USERS_TRENDS = ['rising', 'steady', 'falling'] as const;
/** The customers list's pricing filter: on a discount now, or on the workspace's cheapest plan. */
export const PRICING_KINDS = ['discounted', 'entry_plan'] as const;

/** The customer's latest health snapshot on or before the as-of day (null: never scored). */
export const customerHealth = z.object({
  score: z.nullable(z.int()).check(z.describe('0–100; null when no component had data')),
  band: z.nullable(healthBand),
  partial: z.boolean().check(z.describe('Some components had no data: the score uses the others')),
  day,
});
export type CustomerHealth = z.infer<typeof customerHealth>;

/** The customer's latest churn-risk score on or before the as-of day (null: not scored — not paying). */
export const customerRisk = z.object({
  probability: z.number().check(z.describe('Probability of churn, 0–1')),
  day,
});
export type CustomerRisk = z.infer<typeof customerRisk>;

export const customerItem = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  country: z.nullable(z.string()),
  status: customerStatus,
  currency: z.nullable(currencyCode),
  mrr: z.int().check(z.describe("Current MRR in `currency` (the currency of the customer's largest MRR), minor units")),
  mrrByCurrency: z.record(currencyCode, minorUnits),
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  subscriptions: count,
  signupDay: z.nullable(day),
  firstPaidDay: z.nullable(day),
  cancelScheduled: z.boolean(),
  createdAt: z.nullable(timestamp),
  deleted: z.boolean(),
  health: z.nullable(customerHealth),
  risk: z.nullable(customerRisk),
});
export type CustomerItem = z.infer<typeof customerItem>;

export const customerListResponse = z.object({
  data: z.array(customerItem),
  nextCursor: z.nullable(z.string()),
  total: count.check(z.describe('How many customers match the filters, on every page')),
});
export type CustomerListResponse = z.infer<typeof customerListResponse>;

const at = z.nullable(timestamp);

export const customerSubscription = z.object({
  subscriptionId: z.string(),
  status: z.string(),
  currency: currencyCode,
  mrr: minorUnits,
  counts: z.boolean(),
  plan: z.nullable(z.object({ planId: z.string(), planName: z.string() })),
  plans: z.array(z.object({ planId: z.string(), planName: z.string(), amount: minorUnits })),
  items: z.array(z.object({
    priceId: z.string(),
    productId: z.nullable(z.string()),
    planName: z.nullable(z.string()),
    quantity: z.number(),
    interval: z.string(),
    intervalCount: count,
    usageType: z.enum(['licensed', 'metered']),
  })),
  startDate: at,
  trialEnd: at,
  cancelAt: at,
  cancelAtPeriodEnd: z.boolean(),
  canceledAt: at,
  endedAt: at,
  currentPeriodEnd: at,
  eventId: z.string(),
  since: at,
});

export const customerInvoice = z.object({
  id: z.string(),
  number: z.nullable(z.string()),
  status: z.nullable(z.string()),
  currency: currencyCode,
  total: minorUnits,
  amountPaid: minorUnits,
  subscriptionId: z.nullable(z.string()),
  created: timestamp,
});

export const customerPayment = z.object({
  id: z.string(),
  invoiceId: z.nullable(z.string()),
  status: z.string(),
  currency: currencyCode,
  amount: minorUnits,
  amountRefunded: minorUnits,
  failureCode: z.nullable(z.string()),
  declineCode: z.nullable(z.string()),
  created: timestamp,
});

export const customerMovement = z.object({
  day,
  currency: currencyCode,
  movement: z.enum(MOVEMENT_KINDS),
  amount: minorUnits,
  mrr: minorUnits,
  eventId: z.string(),
  eventType: z.nullable(z.string()),
  eventAt: at,
});

export const customerResponse = z.object({
  // A fresh schema: registering a description on the shared `timestamp` would describe every timestamp.
  asOf: z.iso.datetime({ offset: true }).check(z.describe('The instant the profile is read at: nothing dated after its day is listed')),
  customer: customerItem,
  subscriptions: z.array(customerSubscription),
  invoices: z.array(customerInvoice),
  payments: z.array(customerPayment),
  mrrTimeline: z.array(z.object({ day, currency: currencyCode, mrr: minorUnits })),
  movements: z.array(customerMovement),
  // One customer across sources (docs/metrics.md): the provider customers counted as this one.
  linked: z.array(z.object({
    customerId: z.string(),
    sourceId: z.nullable(z.string()),
    rule: z.enum(['email', 'mapping']).check(z.describe('email: matched by e-mail across sources; mapping: said by a person')),
  })),
  sources: z.array(z.string()).check(z.describe("The sources this customer's records come from")),
});
export type CustomerResponse = z.infer<typeof customerResponse>;

/** The customers list's filters as JSON (a segment's or a preset's filters): the query parameters
 *  of GET /v1/customers, lists as arrays and numbers as numbers. Server-side validation with clear
 *  messages is src/api/schemas/customers.ts; this is the validated shape. */
export const customerFilterSet = z.object({
  q: z.optional(z.string()),
  plan: z.optional(z.string()),
  status: z.optional(z.array(customerStatus)),
  currency: z.optional(currencyCode),
  country: z.optional(z.string()),
  mrrMin: z.optional(z.int()),
  mrrMax: z.optional(z.int()),
  mrrTopPercent: z.optional(z.int().check(z.describe("Only customers whose MRR is in the top N% of the workspace's paying customers"))),
  signupFrom: z.optional(day),
  signupTo: z.optional(day),
  health: z.optional(z.array(healthBand)),
  healthMin: z.optional(z.int()),
  healthMax: z.optional(z.int()),
  riskMin: z.optional(z.number()),
  riskMax: z.optional(z.number()),
  pricing: z.optional(z.array(z.enum(PRICING_KINDS)).check(z.describe('Any of: on a discount now, on the cheapest plan'))),
  usersTrend: z.optional(z.enum(USERS_TRENDS)),
  sort: z.optional(z.enum(CUSTOMER_SORTS)),
});
export type CustomerFilterSet = z.infer<typeof customerFilterSet>;
