// Snapshots as the core needs them: discounts, price tiers and prices that arrived as bare ids
// are filled in from the stored discount, coupon and price records.
import type { Kysely } from 'kysely';
import type { DiscountState, SubscriptionItemState, SubscriptionSnapshot, SubscriptionState } from '../core/types.js';
import type { CouponRecord, DiscountRecord, PriceRecord } from '../core/records.js';
import { resolveDiscountState } from '../core/discount-state.js';
import type { Database } from '../store/schema.js';

export async function loadResolvedSnapshots(
  db: Kysely<Database>,
  workspaceId: string,
  customerIds: readonly string[],
): Promise<SubscriptionSnapshot[]> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('subscription_snapshots')
    .select(['state', 'effective_at', 'event_id', 'unresolved_discount_ids', 'unresolved_tier_price_ids'])
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', 'in', customerIds)
    .execute();
  const discountIds = new Set(rows.flatMap((r) => r.unresolved_discount_ids));
  const priceIds = new Set(rows.flatMap((r) => r.unresolved_tier_price_ids));
  const discounts = await loadDiscounts(db, workspaceId, [...discountIds]);
  const prices = await loadPrices(db, workspaceId, [...priceIds]);
  return rows.map((row) => {
    let state = row.state as unknown as SubscriptionState;
    if (row.unresolved_discount_ids.length > 0) {
      const known = new Set(state.discounts.map((d) => d.id));
      const resolved = row.unresolved_discount_ids
        .filter((id) => !known.has(id))
        .map((id) => discounts(id, state.currency))
        .filter((d): d is DiscountState => d !== null);
      state = { ...state, discounts: [...state.discounts, ...resolved] };
    }
    if (row.unresolved_tier_price_ids.length > 0) {
      state = { ...state, items: state.items.map((item) => fillFromPrice(item, prices)) };
    }
    return { state, effectiveAt: row.effective_at, eventId: row.event_id };
  });
}

/**
 * An item whose price arrived as a bare id: a tiered price sent without its tiers (Stripe) gets
 * the stored tiers; an item with no amount at all (a PayPal subscription naming its plan by id)
 * gets the stored plan's amount, interval and names, or its tiers when the plan is tiered.
 */
function fillFromPrice(item: SubscriptionItemState, prices: ReadonlyMap<string, PriceRecord>): SubscriptionItemState {
  const price = item.tiers === null ? prices.get(item.priceId) : undefined;
  if (!price) return item;
  if (item.unitAmountDecimal === null && item.billingScheme === 'per_unit') {
    if (price.unitAmountDecimal === null && !price.tiers) return item;
    return {
      ...item,
      billingScheme: price.billingScheme,
      unitAmountDecimal: price.unitAmountDecimal,
      tiers: price.tiers,
      tiersMode: price.tiersMode,
      interval: price.interval ?? item.interval,
      intervalCount: price.intervalCount ?? item.intervalCount,
      planName: item.planName ?? price.nickname,
      productId: item.productId ?? price.productId,
    };
  }
  return price.tiers ? { ...item, tiers: price.tiers, tiersMode: price.tiersMode } : item;
}

type DiscountResolver = (discountId: string, currency: string) => DiscountState | null;

/** Resolves a discount id for a subscription in `currency` (multi-currency coupons differ). */
async function loadDiscounts(db: Kysely<Database>, workspaceId: string, ids: string[]): Promise<DiscountResolver> {
  if (ids.length === 0) return () => null;
  const rows = await db.selectFrom('discounts').select('record').where('workspace_id', '=', workspaceId).where('discount_id', 'in', ids).execute();
  const records = rows.map((r) => r.record as unknown as DiscountRecord);
  const couponIds = [...new Set(records.filter((d) => d.state === null).map((d) => d.couponId))];
  const coupons = new Map<string, CouponRecord>();
  if (couponIds.length > 0) {
    const couponRows = await db.selectFrom('coupons').select('record').where('workspace_id', '=', workspaceId).where('coupon_id', 'in', couponIds).execute();
    for (const row of couponRows) {
      const coupon = row.record as unknown as CouponRecord;
      coupons.set(coupon.id, coupon);
    }
  }
  const byId = new Map(records.map((r) => [r.id, r]));
  return (discountId, currency) => {
    const record = byId.get(discountId);
    if (!record) return null;
    if (record.state) return record.state;
    const coupon = coupons.get(record.couponId);
    return coupon ? resolveDiscountState(record, coupon, currency) : null;
  };
}

async function loadPrices(db: Kysely<Database>, workspaceId: string, ids: string[]): Promise<Map<string, PriceRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('prices').select('record').where('workspace_id', '=', workspaceId).where('price_id', 'in', ids).execute();
  return new Map(rows.map((r) => [(r.record as unknown as PriceRecord).id, r.record as unknown as PriceRecord]));
}
