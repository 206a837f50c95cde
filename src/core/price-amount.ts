// What a licensed price charges per billing period for a quantity (per-unit, graduated and
// volume tiers with flat amounts, package pricing), and how a billing period maps to a month.
// Everything stays an exact Ratio of minor units; rounding happens once, per subscription.
import { add, ceil, floor, mul, parseDecimal, ratio, ZERO } from './decimal.js';
import type { Ratio } from './decimal.js';
import type { BillingInterval, DecimalString, PriceTier, SubscriptionItemState } from './types.js';

const MONTHS_PER_INTERVAL: Readonly<Record<BillingInterval, Ratio>> = {
  day: ratio(365, 12),
  week: ratio(52, 12),
  month: ratio(1),
  year: ratio(1, 12),
};

/** Month-equivalents of one billing period: ×1 month, ÷12 year, ×52/12 week, ×365/12 day,
 *  then ÷ interval_count. */
export function monthlyFactor(interval: BillingInterval, intervalCount: number): Ratio {
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`interval_count must be a positive integer, got ${intervalCount}`);
  }
  const base = MONTHS_PER_INTERVAL[interval];
  if (!base) throw new RangeError(`unknown billing interval: "${String(interval)}"`);
  return intervalCount === 1 ? base : mul(base, ratio(1, intervalCount));
}

// Price strings repeat across millions of snapshots; parsing them once keeps a rebuild fast.
const parsed = new Map<DecimalString, Ratio>();

function decimal(value: DecimalString | null): Ratio {
  if (value === null) return ZERO;
  let hit = parsed.get(value);
  if (hit === undefined) {
    hit = parseDecimal(value);
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(value, hit);
  }
  return hit;
}

function upperBound(tier: PriceTier): number {
  return tier.upTo ?? Number.POSITIVE_INFINITY;
}

function sortedTiers(tiers: readonly PriceTier[]): PriceTier[] {
  return [...tiers].sort((a, b) => upperBound(a) - upperBound(b));
}

/** Graduated: each tier bills the units that fall into it, plus its flat amount if any do. */
function graduatedAmount(tiers: readonly PriceTier[], quantity: number): Ratio {
  let total = ZERO;
  let below = 0;
  for (const tier of sortedTiers(tiers)) {
    const upper = upperBound(tier);
    const units = Math.min(quantity, upper) - below;
    if (units > 0) {
      total = add(total, add(mul(ratio(units), decimal(tier.unitAmountDecimal)), decimal(tier.flatAmountDecimal)));
    }
    if (quantity <= upper) break;
    below = upper;
  }
  return total;
}

/** Volume: every unit is billed at the tier the whole quantity falls into, plus its flat amount. */
function volumeAmount(tiers: readonly PriceTier[], quantity: number): Ratio {
  const tier = sortedTiers(tiers).find((t) => quantity <= upperBound(t));
  if (!tier) return ZERO;
  return add(mul(ratio(quantity), decimal(tier.unitAmountDecimal)), decimal(tier.flatAmountDecimal));
}

/** Units billed after package pricing (transform_quantity): quantity ÷ divide_by, rounded. */
function billedQuantity(item: SubscriptionItemState): number {
  const transform = item.transformQuantity;
  if (!transform) return item.quantity;
  const packages = ratio(item.quantity, transform.divideBy);
  return Number(transform.round === 'up' ? ceil(packages) : floor(packages));
}

/** What the item's price charges for one billing period at its current quantity, in minor units.
 *  A quantity of 0 bills nothing, even where a tier has a flat amount. */
export function itemPeriodAmount(item: SubscriptionItemState): Ratio {
  const quantity = billedQuantity(item);
  if (quantity <= 0) return ZERO;
  if (item.billingScheme === 'tiered' && item.tiers && item.tiers.length > 0) {
    return item.tiersMode === 'volume' ? volumeAmount(item.tiers, quantity) : graduatedAmount(item.tiers, quantity);
  }
  return mul(ratio(quantity), decimal(item.unitAmountDecimal));
}

/** The monthly amount of a subscription's licensed items, exact. Metered items are not MRR. */
export function licensedMonthlyAmount(items: readonly SubscriptionItemState[]): Ratio {
  let total = ZERO;
  for (const item of items) {
    if (item.usageType !== 'licensed') continue;
    const amount = itemPeriodAmount(item);
    if (amount.n === 0n) continue;
    total = add(total, mul(amount, monthlyFactor(item.interval, item.intervalCount)));
  }
  return total;
}
