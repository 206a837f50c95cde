// What the customers endpoints answer (GET /v1/customers, /v1/customers/:id) and the saved
// filter presets (GET/POST/PUT/DELETE /v1/saved-filters), as docs/api.md describes them.
import * as z from 'zod/mini';
import { minorUnitsSchema } from '../../lib/schemas.js';

export const CUSTOMER_STATUSES = ['active', 'past_due', 'trialing', 'churned', 'inactive'] as const;
export const customerStatusSchema = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof customerStatusSchema>;

export const CUSTOMER_SORTS = ['mrr', '-mrr', 'name', '-name', 'signup', '-signup'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const customerItemSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  country: z.nullable(z.string()),
  status: customerStatusSchema,
  currency: z.nullable(z.string()),
  mrr: minorUnitsSchema,
  mrrByCurrency: z.record(z.string(), minorUnitsSchema),
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  subscriptions: z.int(),
  signupDay: z.nullable(z.string()),
  firstPaidDay: z.nullable(z.string()),
  cancelScheduled: z.boolean(),
  createdAt: z.nullable(z.string()),
  deleted: z.boolean(),
});
export type CustomerItem = z.infer<typeof customerItemSchema>;

export const customerPageSchema = z.object({ data: z.array(customerItemSchema), nextCursor: z.nullable(z.string()) });
export type CustomerPage = z.infer<typeof customerPageSchema>;

const iso = z.nullable(z.string());
export const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MovementKind = (typeof MOVEMENTS)[number];

export const customerDetailSchema = z.object({
  customer: customerItemSchema,
  subscriptions: z.array(
    z.object({
      subscriptionId: z.string(),
      status: z.string(),
      currency: z.string(),
      mrr: minorUnitsSchema,
      counts: z.boolean(),
      plan: z.nullable(z.object({ planId: z.string(), planName: z.string() })),
      plans: z.array(z.object({ planId: z.string(), planName: z.string(), amount: minorUnitsSchema })),
      items: z.array(
        z.object({
          priceId: z.string(),
          productId: z.nullable(z.string()),
          planName: z.nullable(z.string()),
          quantity: z.number(),
          interval: z.string(),
          intervalCount: z.int(),
          usageType: z.enum(['licensed', 'metered']),
        }),
      ),
      startDate: iso,
      trialEnd: iso,
      cancelAt: iso,
      cancelAtPeriodEnd: z.boolean(),
      canceledAt: iso,
      endedAt: iso,
      currentPeriodEnd: iso,
      eventId: z.string(),
      since: iso,
    }),
  ),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.nullable(z.string()),
      status: z.nullable(z.string()),
      currency: z.string(),
      total: minorUnitsSchema,
      amountPaid: minorUnitsSchema,
      subscriptionId: z.nullable(z.string()),
      created: z.string(),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.string(),
      invoiceId: z.nullable(z.string()),
      status: z.string(),
      currency: z.string(),
      amount: minorUnitsSchema,
      amountRefunded: minorUnitsSchema,
      failureCode: z.nullable(z.string()),
      declineCode: z.nullable(z.string()),
      created: z.string(),
    }),
  ),
  mrrTimeline: z.array(z.object({ day: z.string(), currency: z.string(), mrr: minorUnitsSchema })),
  movements: z.array(
    z.object({
      day: z.string(),
      currency: z.string(),
      movement: z.enum(MOVEMENTS),
      amount: minorUnitsSchema,
      mrr: minorUnitsSchema,
      eventId: z.string(),
      eventType: z.nullable(z.string()),
      eventAt: z.nullable(z.string()),
    }),
  ),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const savedFilterSchema = z.object({
  id: z.string(),
  scope: z.literal('customers'),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdBy: z.object({ userId: z.nullable(z.string()), label: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedFilter = z.infer<typeof savedFilterSchema>;
export const savedFilterListSchema = z.object({ data: z.array(savedFilterSchema) });
export const savedFilterAnswerSchema = z.object({ filter: savedFilterSchema });
