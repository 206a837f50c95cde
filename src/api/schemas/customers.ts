// Response shapes of the customers, payments and explain routes.
import { z } from 'zod';
import { rateValue } from './common.js';

const int = z.number().int();
export const customerStatus = z.enum(['active', 'past_due', 'trialing', 'churned', 'inactive']);

export const customerItem = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  country: z.string().nullable(),
  status: customerStatus,
  currency: z.string().nullable(),
  mrr: int.describe('Current MRR in `currency` (the currency of the customer\'s largest MRR)'),
  mrrByCurrency: z.record(z.string(), int),
  planId: z.string().nullable(),
  planName: z.string().nullable(),
  subscriptions: int,
  signupDay: z.string().nullable(),
  firstPaidDay: z.string().nullable(),
  cancelScheduled: z.boolean(),
  createdAt: z.string().nullable(),
  deleted: z.boolean(),
});

export const customerListResponse = z.object({ data: z.array(customerItem), nextCursor: z.string().nullable() });

const iso = z.string().nullable();
export const customerResponse = z.object({
  customer: customerItem,
  subscriptions: z.array(z.object({
    subscriptionId: z.string(),
    status: z.string(),
    currency: z.string(),
    mrr: int,
    counts: z.boolean(),
    plan: z.object({ planId: z.string(), planName: z.string() }).nullable(),
    plans: z.array(z.object({ planId: z.string(), planName: z.string(), amount: int })),
    items: z.array(z.object({
      priceId: z.string(), productId: z.string().nullable(), planName: z.string().nullable(), quantity: z.number(),
      interval: z.string(), intervalCount: int, usageType: z.enum(['licensed', 'metered']),
    })),
    startDate: iso, trialEnd: iso, cancelAt: iso, cancelAtPeriodEnd: z.boolean(), canceledAt: iso, endedAt: iso, currentPeriodEnd: iso,
    eventId: z.string(),
    since: iso,
  })),
  invoices: z.array(z.object({
    id: z.string(), number: z.string().nullable(), status: z.string().nullable(), currency: z.string(), total: int, amountPaid: int,
    subscriptionId: z.string().nullable(), created: z.string(),
  })),
  payments: z.array(z.object({
    id: z.string(), invoiceId: z.string().nullable(), status: z.string(), currency: z.string(), amount: int, amountRefunded: int,
    failureCode: z.string().nullable(), declineCode: z.string().nullable(), created: z.string(),
  })),
  mrrTimeline: z.array(z.object({ day: z.string(), currency: z.string(), mrr: int })),
  movements: z.array(z.object({
    day: z.string(), currency: z.string(), movement: z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']), amount: int, mrr: int,
    eventId: z.string(), eventType: z.string().nullable(), eventAt: z.string().nullable(),
  })),
});

const bucket = z.object({ count: int, amount: int });
export const paymentsHealthResponse = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  succeeded: bucket,
  failed: bucket,
  successRate: rateValue,
  declines: z.array(z.object({ code: z.string(), count: int, amount: int })),
  refunds: bucket,
  disputes: bucket.extend({ lost: int }),
  recovered: bucket,
  series: z.array(z.object({
    period: z.string(), start: z.string(), end: z.string(), succeeded: bucket, failed: bucket, successRate: rateValue,
    refunds: bucket, disputes: bucket, recovered: bucket,
  })),
});

export const explainResponse = z.object({
  metric: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  currency: z.string(),
  total: int.describe('The figure being explained; Σ groups.reporting'),
  groups: z.array(z.object({ currency: z.string().nullable(), native: int, reporting: int })),
  lines: z.array(z.object({ customerId: z.string(), name: z.string().nullable(), currency: z.string().nullable(), amount: int, days: z.array(z.string()) })),
  nextCursor: z.string().nullable(),
});
