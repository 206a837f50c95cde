// Entry point of the subscription import: one stored import row (a raw event the import wrote,
// docs/import.md) in, provider-neutral records out. Pure: no I/O, no clock.
// Every id is namespaced by the import source (`<sourceId>:<external id>`), so two sources, or
// an import and a Stripe or PayPal account, can never collide; the external ids stay in metadata.
import { addInterval } from '../../core/dates.js';
import type { CustomerRecord, InvoiceRecord, NormalizedRecords, PaymentRecord, SubscriptionRecord } from '../../core/records.js';
import type { DiscountState, SubscriptionItemState } from '../../core/types.js';
import type { EventMeta, TransformResult } from '../records.js';
import { IMPORT_EVENT_TYPE, importRowPayload, type StoredImportRow } from './stored-row.js';

/** The id an external id of this source is stored under. */
export const namespaced = (sourceId: string, externalId: string) => `${sourceId}:${externalId}`;

/** The stored price id of a row: its plan, or one made from the price itself when it has none. */
export function importPriceId(sourceId: string, row: Pick<StoredImportRow, 'plan' | 'currency' | 'unitAmountDecimal' | 'interval' | 'intervalCount'>): string {
  return row.plan !== null
    ? namespaced(sourceId, `plan:${row.plan}`)
    : namespaced(sourceId, `price:${row.currency}-${row.unitAmountDecimal}-${row.intervalCount}${row.interval}`);
}

function item(sourceId: string, subscriptionId: string, row: StoredImportRow): SubscriptionItemState {
  return {
    itemId: `${subscriptionId}:item`,
    priceId: importPriceId(sourceId, row),
    productId: null,
    planName: row.plan,
    usageType: 'licensed',
    billingScheme: 'per_unit',
    unitAmountDecimal: row.unitAmountDecimal,
    tiers: null,
    tiersMode: null,
    transformQuantity: null,
    quantity: row.quantity,
    interval: row.interval,
    intervalCount: row.intervalCount,
  };
}

function discount(sourceId: string, subscriptionId: string, row: StoredImportRow): DiscountState[] {
  if (row.discountPercent === null) return [];
  return [{
    id: `${subscriptionId}:discount`,
    couponId: namespaced(sourceId, `percent:${row.discountPercent}`),
    percentOff: row.discountPercent,
    amountOff: null,
    amountOffCurrency: null,
    duration: 'forever',
    durationInMonths: null,
    start: row.effectiveAt,
    end: null,
  }];
}

function subscription(sourceId: string, eventId: string, row: StoredImportRow): SubscriptionRecord {
  const subscriptionId = namespaced(sourceId, row.subscriptionId);
  const canceled = row.status === 'canceled';
  // A canceled row may state no price: the subscription ended, and has no item left.
  const priced = !(canceled && row.plan === null && row.unitAmountDecimal === '0');
  return {
    snapshot: {
      state: {
        subscriptionId,
        customerId: namespaced(sourceId, row.customerId),
        currency: row.currency,
        status: row.status,
        items: priced ? [item(sourceId, subscriptionId, row)] : [],
        discounts: discount(sourceId, subscriptionId, row),
        startDate: row.subscriptionStartedAt,
        // The file says a trial is on, not when it started or ends: it started by this row.
        trialStart: row.status === 'trialing' ? row.effectiveAt : null,
        trialEnd: null,
        cancelAtPeriodEnd: false,
        cancelAt: null,
        canceledAt: canceled ? row.effectiveAt : null,
        endedAt: canceled ? row.effectiveAt : null,
        currentPeriodStart: null,
        currentPeriodEnd: null,
      },
      effectiveAt: row.effectiveAt,
      eventId,
    },
    unresolvedDiscountIds: [],
    unresolvedTierPriceIds: [],
  };
}

function customer(sourceId: string, row: StoredImportRow): CustomerRecord {
  return {
    id: namespaced(sourceId, row.customerId),
    email: row.customerEmail,
    name: row.customerName,
    country: null,
    currency: row.currency,
    created: row.customerCreatedAt,
    deleted: false,
    metadata: { ...row.metadata, external_id: row.customerId },
  };
}

function payment(sourceId: string, row: StoredImportRow): { invoices: InvoiceRecord[]; payments: PaymentRecord[] } {
  const paid = row.payment;
  if (paid === null) return { invoices: [], payments: [] };
  const invoiceId = namespaced(sourceId, paid.invoiceId);
  const customerId = namespaced(sourceId, row.customerId);
  const subscriptionId = namespaced(sourceId, row.subscriptionId);
  const periodEnd = addInterval(paid.paidAt, row.interval, row.intervalCount);
  const invoice: InvoiceRecord = {
    id: invoiceId,
    customerId,
    subscriptionId,
    status: 'paid',
    number: paid.invoiceId,
    billingReason: 'subscription_cycle',
    currency: row.currency,
    created: paid.paidAt,
    periodStart: paid.paidAt,
    periodEnd,
    subtotal: paid.paidAmount,
    discountAmount: 0,
    taxAmount: null,
    total: paid.paidAmount,
    amountDue: paid.paidAmount,
    amountPaid: paid.paidAmount,
    amountRemaining: 0,
    startingBalance: 0,
    attemptCount: 1,
    chargeId: `${invoiceId}:payment`,
    finalizedAt: paid.paidAt,
    paidAt: paid.paidAt,
    voidedAt: null,
    markedUncollectibleAt: null,
    deleted: false,
    lines: [{
      id: `${invoiceId}:line`,
      invoiceId,
      kind: 'subscription',
      subscriptionId,
      subscriptionItemId: `${subscriptionId}:item`,
      priceId: importPriceId(sourceId, row),
      productId: null,
      proration: false,
      periodStart: paid.paidAt,
      periodEnd,
      quantity: row.quantity,
      amount: paid.paidAmount,
      discountAmount: 0,
      currency: row.currency,
      description: row.plan,
    }],
    linesIncomplete: false,
  };
  const charge: PaymentRecord = {
    id: `${invoiceId}:payment`,
    customerId,
    invoiceId,
    paymentIntentId: null,
    status: 'succeeded',
    amount: paid.paidAmount,
    amountCaptured: paid.paidAmount,
    amountRefunded: 0,
    currency: row.currency,
    captured: true,
    refunded: false,
    disputed: false,
    failureCode: null,
    failureMessage: null,
    declineCode: null,
    outcomeType: null,
    outcomeReason: null,
    created: paid.paidAt,
  };
  return { invoices: [invoice], payments: [charge] };
}

export function transformImportEvent(input: unknown): TransformResult {
  const parsed = importRowPayload.safeParse(input);
  if (!parsed.success) {
    const id = typeof (input as { id?: unknown } | null)?.id === 'string' ? (input as { id: string }).id : null;
    const issue = parsed.error.issues[0];
    const event: EventMeta | null = id ? { id, type: IMPORT_EVENT_TYPE, created: 0, livemode: true, objectId: null, objectCreated: null } : null;
    return { ok: false, event, drop: 'malformed', detail: `not an import row: ${issue?.path.join('.') || 'payload'} ${issue?.message ?? ''}`.trimEnd() };
  }
  const { id, source_id: sourceId, import_row: row } = parsed.data;
  const event: EventMeta = {
    id,
    type: IMPORT_EVENT_TYPE,
    created: row.effectiveAt,
    livemode: true,
    objectId: namespaced(sourceId, row.subscriptionId),
    objectCreated: row.subscriptionStartedAt,
  };
  const paid = payment(sourceId, row);
  const records: NormalizedRecords = {
    customers: [customer(sourceId, row)],
    subscriptions: [subscription(sourceId, id, row)],
    ...(paid.invoices.length > 0 ? paid : {}),
  };
  return { ok: true, event, records };
}
