// The provider-neutral vocabulary of the revenue engine. Ingest adapters (Stripe, PayPal, files)
// turn provider payloads into these shapes; the ledger and metrics in src/core read only these.
//
// Conventions: money is an integer number of minor units of `currency` (lower-case ISO 4217);
// times are unix seconds (UTC); days are 'YYYY-MM-DD' strings in UTC; months are 'YYYY-MM'.
// Decimal values that must stay exact (Stripe's unit_amount_decimal, percent_off, FX rates)
// are carried as decimal strings, never as floats.

export type CurrencyCode = string;
export type UnixSeconds = number;
export type Day = string;
export type Month = string;
export type DecimalString = string;

export type SubscriptionStatus =
  | 'active'
  | 'past_due'
  | 'trialing'
  | 'incomplete'
  | 'incomplete_expired'
  | 'unpaid'
  | 'paused'
  | 'canceled';

export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export type PriceTier = {
  /** Upper bound of the tier in units; null = infinity. */
  upTo: number | null;
  /** Per-unit amount in minor units (may be fractional). */
  unitAmountDecimal: DecimalString | null;
  /** Flat amount for the tier in minor units (may be fractional). */
  flatAmountDecimal: DecimalString | null;
};

export type SubscriptionItemState = {
  itemId: string;
  priceId: string;
  productId: string | null;
  /** Display name of the plan (product name or price nickname) when known. */
  planName: string | null;
  usageType: 'licensed' | 'metered';
  billingScheme: 'per_unit' | 'tiered';
  /** Per-unit amount in minor units, exact (Stripe's unit_amount_decimal or unit_amount). */
  unitAmountDecimal: DecimalString | null;
  tiers: PriceTier[] | null;
  tiersMode: 'graduated' | 'volume' | null;
  /** Package pricing (Stripe transform_quantity). */
  transformQuantity: { divideBy: number; round: 'up' | 'down' } | null;
  quantity: number;
  interval: BillingInterval;
  intervalCount: number;
};

export type DiscountState = {
  id: string;
  couponId: string;
  /** Percent off as an exact decimal string ("12.5"), or null. */
  percentOff: DecimalString | null;
  /** Amount off per billing period in minor units of `amountOffCurrency`, or null. */
  amountOff: number | null;
  amountOffCurrency: CurrencyCode | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  /** When the discount was applied. */
  start: UnixSeconds;
  /** When a repeating discount stops applying; null for forever/once. */
  end: UnixSeconds | null;
};

/** A subscription as the provider described it at one moment. */
export type SubscriptionState = {
  subscriptionId: string;
  customerId: string;
  currency: CurrencyCode;
  status: SubscriptionStatus;
  items: SubscriptionItemState[];
  discounts: DiscountState[];
  startDate: UnixSeconds;
  trialStart: UnixSeconds | null;
  trialEnd: UnixSeconds | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: UnixSeconds | null;
  canceledAt: UnixSeconds | null;
  endedAt: UnixSeconds | null;
  currentPeriodStart: UnixSeconds | null;
  currentPeriodEnd: UnixSeconds | null;
};

/**
 * A subscription state observed at `effectiveAt` (the provider event's `created`, or a
 * reconstructed moment for backfilled history). The state holds from `effectiveAt` until the
 * next snapshot of the same subscription. Ties on `effectiveAt` go to the snapshot further along
 * the lifecycle (ended, then canceled … active, trialing, incomplete), then by `eventId`.
 */
export type SubscriptionSnapshot = {
  state: SubscriptionState;
  effectiveAt: UnixSeconds;
  eventId: string;
};

export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

/**
 * One row of the customer ledger: a day on which the customer's end-of-day MRR in `currency`
 * changed. `delta` is signed (contraction and churn are negative); `mrr` is the end-of-day MRR
 * in that currency. new / churn / reactivation are decided on the customer's total MRR (all
 * currencies), so they are shared by every row of that customer and day; only a multi-currency
 * customer whose currencies move in opposite directions on one day gets an expansion row and a
 * contraction row.
 */
export type LedgerEntry = {
  customerId: string;
  day: Day;
  currency: CurrencyCode;
  mrr: number;
  delta: number;
  movement: MovementKind;
  /** The snapshot event that caused the change (or, for time-driven changes such as a discount
   *  expiring or a subscription ending, the last snapshot in force). */
  causeEventId: string;
};

/** A trial and what became of it. */
export type TrialRecord = {
  subscriptionId: string;
  customerId: string;
  startedDay: Day;
  /** The day the subscription first counted as paying, or null if it never did. */
  convertedDay: Day | null;
  /** The day the trial was due to end (Stripe's `trial_end`), or null if never known. */
  trialEndDay: Day | null;
  /** The day the subscription ended or is scheduled to end, or null while it goes on. */
  endedDay: Day | null;
};

export type PresetName = 'default' | 'stripe' | 'chartmogul';

/** Daily FX rates: units of the reporting currency per one unit of `currency` (major units). */
export type FxRate = { currency: CurrencyCode; day: Day; rate: DecimalString };
