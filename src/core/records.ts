// Provider-neutral records the store persists. Every ingest adapter (Stripe webhooks and backfill,
// PayPal, file imports) turns provider payloads into these shapes and nothing else.
//
// Conventions (as in types.ts): money is an integer number of minor units of the
// record's lower-case `currency`; times are unix seconds; exact decimals are decimal strings.
import type {
  BillingInterval,
  CurrencyCode,
  DecimalString,
  DiscountState,
  PriceTier,
  SubscriptionSnapshot,
  UnixSeconds,
} from './types.js';

export type Metadata = Record<string, string>;

export type CustomerRecord = {
  id: string;
  email: string | null;
  name: string | null;
  /** ISO 3166-1 alpha-2 country of the billing address, upper-case as the provider sends it. */
  country: string | null;
  /** The customer's default billing currency, once the provider has fixed one. */
  currency: CurrencyCode | null;
  created: UnixSeconds;
  deleted: boolean;
  metadata: Metadata;
};

export type SubscriptionRecord = {
  snapshot: SubscriptionSnapshot;
  /** Discounts that arrived as bare ids (or with a bare coupon id); the engine resolves them from
   *  stored DiscountRecords and CouponRecords. `snapshot.state.discounts` holds the resolved ones. */
  unresolvedDiscountIds: string[];
  /** Prices whose definition arrives separately: tiered prices sent without their tiers (Stripe
   *  sends them only when expanded), and plans named only by id (PayPal). Their items carry
   *  `tiers: null` (and, for a plan by id, `unitAmountDecimal: null`) until the engine fills them
   *  from a stored PriceRecord. */
  unresolvedTierPriceIds: string[];
};

/** The terms of a coupon, without the moment it was applied. */
export type CouponTerms = Pick<
  DiscountState,
  'percentOff' | 'amountOff' | 'amountOffCurrency' | 'duration' | 'durationInMonths'
>;

export type CouponRecord = CouponTerms & {
  id: string;
  name: string | null;
  /** Amount off per currency for multi-currency coupons (lower-case currency → minor units). */
  amountOffByCurrency: Record<CurrencyCode, number>;
  valid: boolean;
  created: UnixSeconds;
  deleted: boolean;
};

export type DiscountRecord = {
  id: string;
  couponId: string;
  customerId: string | null;
  subscriptionId: string | null;
  subscriptionItemId: string | null;
  invoiceId: string | null;
  start: UnixSeconds;
  /** The provider's own end of a repeating discount, when it sent one. */
  end: UnixSeconds | null;
  deleted: boolean;
  /** Null when the coupon arrived as a bare id: resolve it with the stored CouponRecord. */
  state: DiscountState | null;
};

export type ProductRecord = {
  id: string;
  name: string;
  active: boolean;
  created: UnixSeconds;
  deleted: boolean;
  metadata: Metadata;
};

export type PriceRecord = {
  id: string;
  productId: string | null;
  nickname: string | null;
  lookupKey: string | null;
  active: boolean;
  currency: CurrencyCode;
  type: 'one_time' | 'recurring';
  billingScheme: 'per_unit' | 'tiered';
  /** Per-unit amount in minor units, exact; null for tiered prices. */
  unitAmountDecimal: DecimalString | null;
  /** Null when the price is per-unit, or tiered but sent without its tiers. */
  tiers: PriceTier[] | null;
  tiersMode: 'graduated' | 'volume' | null;
  transformQuantity: { divideBy: number; round: 'up' | 'down' } | null;
  interval: BillingInterval | null;
  intervalCount: number | null;
  usageType: 'licensed' | 'metered' | null;
  created: UnixSeconds;
  deleted: boolean;
  metadata: Metadata;
};

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export type InvoiceLineRecord = {
  id: string;
  invoiceId: string;
  /** 'subscription': the recurring charge of a subscription item; 'invoiceitem': a one-off or a
   *  proration (whatever the API version calls it). */
  kind: 'subscription' | 'invoiceitem' | 'other';
  subscriptionId: string | null;
  subscriptionItemId: string | null;
  priceId: string | null;
  productId: string | null;
  proration: boolean;
  periodStart: UnixSeconds;
  periodEnd: UnixSeconds;
  quantity: number | null;
  /** Before discounts, excluding exclusive tax; negative for credits. */
  amount: number;
  /** Sum of the discounts applied to this line. */
  discountAmount: number;
  currency: CurrencyCode;
  description: string | null;
};

export type InvoiceRecord = {
  id: string;
  customerId: string | null;
  subscriptionId: string | null;
  /** Null only for previews, which are never stored. */
  status: InvoiceStatus | null;
  number: string | null;
  billingReason: string | null;
  currency: CurrencyCode;
  created: UnixSeconds;
  periodStart: UnixSeconds;
  periodEnd: UnixSeconds;
  subtotal: number;
  /** Sum of all discounts on the invoice. */
  discountAmount: number;
  /** total − total_excluding_tax, when the provider reports the latter. */
  taxAmount: number | null;
  total: number;
  amountDue: number;
  amountPaid: number;
  amountRemaining: number;
  startingBalance: number;
  attemptCount: number;
  /** The charge that paid it, when the provider links it from the invoice (older API versions). */
  chargeId: string | null;
  finalizedAt: UnixSeconds | null;
  paidAt: UnixSeconds | null;
  voidedAt: UnixSeconds | null;
  markedUncollectibleAt: UnixSeconds | null;
  deleted: boolean;
  lines: InvoiceLineRecord[];
  /** True when the provider truncated the line list; the rest must be fetched. */
  linesIncomplete: boolean;
};

/** Links a payment to the invoice it paid (Stripe API 2025-03-31 and later no longer put the
 *  invoice on the charge). */
export type InvoicePaymentRecord = {
  id: string;
  invoiceId: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  status: string;
  amountRequested: number;
  amountPaid: number | null;
  currency: CurrencyCode;
  isDefault: boolean;
  created: UnixSeconds;
  paidAt: UnixSeconds | null;
  canceledAt: UnixSeconds | null;
};

export type PaymentStatus = 'succeeded' | 'failed' | 'pending';

export type PaymentRecord = {
  id: string;
  customerId: string | null;
  invoiceId: string | null;
  paymentIntentId: string | null;
  status: PaymentStatus;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  currency: CurrencyCode;
  captured: boolean;
  refunded: boolean;
  disputed: boolean;
  failureCode: string | null;
  failureMessage: string | null;
  /** The issuer's decline code (Stripe outcome.reason when outcome.type is issuer_declined). */
  declineCode: string | null;
  outcomeType: string | null;
  outcomeReason: string | null;
  created: UnixSeconds;
};

export type RefundRecord = {
  id: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  amount: number;
  currency: CurrencyCode;
  /** pending, requires_action, succeeded, failed or canceled. */
  status: string | null;
  reason: string | null;
  created: UnixSeconds;
};

export type DisputeRecord = {
  id: string;
  chargeId: string;
  paymentIntentId: string | null;
  amount: number;
  currency: CurrencyCode;
  /** warning_needs_response … needs_response, under_review, won, lost, prevented. */
  status: string;
  reason: string;
  isChargeRefundable: boolean;
  created: UnixSeconds;
};

export type CreditNoteRecord = {
  id: string;
  number: string;
  invoiceId: string;
  customerId: string;
  status: 'issued' | 'void';
  /** pre_payment (reduces what is owed), post_payment (refund or credit after payment), or mixed. */
  type: string;
  reason: string | null;
  currency: CurrencyCode;
  /** Total including tax. */
  amount: number;
  subtotal: number;
  totalExcludingTax: number | null;
  outOfBandAmount: number | null;
  refundIds: string[];
  created: UnixSeconds;
  effectiveAt: UnixSeconds | null;
  voidedAt: UnixSeconds | null;
};

export type NormalizedRecords = {
  customers?: CustomerRecord[];
  subscriptions?: SubscriptionRecord[];
  discounts?: DiscountRecord[];
  coupons?: CouponRecord[];
  products?: ProductRecord[];
  prices?: PriceRecord[];
  invoices?: InvoiceRecord[];
  invoicePayments?: InvoicePaymentRecord[];
  payments?: PaymentRecord[];
  refunds?: RefundRecord[];
  disputes?: DisputeRecord[];
  creditNotes?: CreditNoteRecord[];
};
