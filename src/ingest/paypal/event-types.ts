// The PayPal event types that move revenue or payments, grouped by the resource they carry.
// Every other type is dropped as 'unsupported_type'.

export const PAYPAL_EVENT_FAMILIES = {
  subscription: [
    'BILLING.SUBSCRIPTION.CREATED',
    'BILLING.SUBSCRIPTION.ACTIVATED',
    'BILLING.SUBSCRIPTION.UPDATED',
    'BILLING.SUBSCRIPTION.RE-ACTIVATED',
    'BILLING.SUBSCRIPTION.SUSPENDED',
    'BILLING.SUBSCRIPTION.CANCELLED',
    'BILLING.SUBSCRIPTION.EXPIRED',
    'BILLING.SUBSCRIPTION.PAYMENT.FAILED',
  ],
  plan: [
    'BILLING.PLAN.CREATED',
    'BILLING.PLAN.UPDATED',
    'BILLING.PLAN.ACTIVATED',
    'BILLING.PLAN.DEACTIVATED',
    'BILLING.PLAN.PRICING-CHANGE.ACTIVATED',
  ],
  sale: ['PAYMENT.SALE.COMPLETED'],
  refund: ['PAYMENT.SALE.REFUNDED'],
  reversal: ['PAYMENT.SALE.REVERSED'],
} as const;

export type PaypalEventFamily = keyof typeof PAYPAL_EVENT_FAMILIES;

const FAMILY_BY_TYPE: ReadonlyMap<string, PaypalEventFamily> = new Map(
  Object.entries(PAYPAL_EVENT_FAMILIES).flatMap(([family, types]) =>
    types.map((type) => [type, family as PaypalEventFamily] as const),
  ),
);

export function paypalEventFamily(type: string): PaypalEventFamily | null {
  return FAMILY_BY_TYPE.get(type) ?? null;
}

export const SUPPORTED_PAYPAL_EVENT_TYPES: readonly string[] = [...FAMILY_BY_TYPE.keys()];
