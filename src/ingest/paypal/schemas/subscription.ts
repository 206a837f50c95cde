// Schema of a subscription (GET /v1/billing/subscriptions/{id} and the BILLING.SUBSCRIPTION.*
// resource).
import { z } from 'zod';
import { isoTime, money, optional, positiveCount } from './common.js';
import { embeddedPlan } from './plan.js';

export const subscriptionStatus = z.enum(['APPROVAL_PENDING', 'APPROVED', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED']);
export type PaypalSubscriptionStatus = z.infer<typeof subscriptionStatus>;

const subscriber = z.object({
  payer_id: optional(z.string().min(1)),
  email_address: optional(z.string()),
  name: optional(z.object({ given_name: optional(z.string()), surname: optional(z.string()) })),
  shipping_address: optional(z.object({ address: optional(z.object({ country_code: optional(z.string()) })) })),
});
export type PaypalSubscriber = z.infer<typeof subscriber>;

const cycleExecution = z.object({
  tenure_type: z.enum(['REGULAR', 'TRIAL']),
  sequence: z.int().nonnegative(),
  cycles_completed: z.int().nonnegative(),
  total_cycles: z.int().nonnegative().optional(),
});

export const subscription = z.object({
  id: z.string().min(1),
  plan_id: z.string().min(1),
  status: subscriptionStatus,
  status_update_time: optional(isoTime),
  start_time: optional(isoTime),
  create_time: optional(isoTime),
  quantity: optional(positiveCount),
  shipping_amount: optional(money),
  subscriber: optional(subscriber),
  billing_info: optional(
    z.object({
      cycle_executions: z.array(cycleExecution).default([]),
      outstanding_balance: optional(money),
      next_billing_time: optional(isoTime),
      last_payment: optional(z.object({ amount: money, time: isoTime })),
      last_failed_payment: optional(z.object({ amount: money, time: isoTime, reason_code: optional(z.string()) })),
    }),
  ),
  plan: optional(embeddedPlan),
});
export type PaypalSubscription = z.infer<typeof subscription>;
