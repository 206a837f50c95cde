// Which of a subscription's discounts reduce MRR, over which window of time, and how several
// stacked discounts combine. Stacking is order-independent on purpose: all active percent-offs
// multiply the amount (they commute), then all active amount-offs are subtracted, and the
// result never goes below 0 — so a provider re-listing the same discounts in another order
// cannot create a movement.
import { addInterval } from './dates.js';
import { max, mul, ONE, parseDecimal, ratio, sub, ZERO } from './decimal.js';
import type { Ratio } from './decimal.js';
import { monthlyFactor } from './price-amount.js';
import type { PresetRules } from './presets.js';
import type { DiscountState, SubscriptionItemState, SubscriptionState, UnixSeconds } from './types.js';

export type ActiveDiscount = {
  readonly id: string;
  /** Applies on [from, to); `to` null = no end. */
  readonly from: UnixSeconds;
  readonly to: UnixSeconds | null;
} & ({ readonly kind: 'percent'; readonly factor: Ratio } | { readonly kind: 'amount'; readonly monthly: Ratio });

function firstLicensedItem(items: readonly SubscriptionItemState[]): SubscriptionItemState | undefined {
  return items.find((item) => item.usageType === 'licensed');
}

/** The window a discount is deducted in under `rules`, or null if it never is. */
function deductionWindow(
  discount: DiscountState,
  billing: SubscriptionItemState | undefined,
  rules: PresetRules,
): { from: UnixSeconds; to: UnixSeconds | null } | null {
  switch (discount.duration) {
    case 'forever':
      return { from: discount.start, to: discount.end };
    case 'repeating': {
      if (!rules.deductRepeatingDiscounts) return null;
      const months = discount.durationInMonths;
      const to = discount.end ?? (months ? addInterval(discount.start, 'month', months) : null);
      return { from: discount.start, to };
    }
    case 'once':
      if (!rules.deductOnceDiscounts || !billing) return null;
      return { from: discount.start, to: addInterval(discount.start, billing.interval, billing.intervalCount) };
    default:
      return null;
  }
}

function percentFactor(percentOff: string): Ratio {
  const off = parseDecimal(percentOff);
  const factor = sub(ONE, mul(off, ratio(1, 100)));
  return factor.n < 0n ? ZERO : factor.n > factor.d ? ONE : factor;
}

/**
 * The discounts of `state` that reduce its MRR under `rules`, each with its window. Amount-offs
 * are per billing period, normalised to a month with the interval of the subscription's first
 * licensed item; an amount-off in another currency than the subscription's is ignored.
 */
export function deductibleDiscounts(state: SubscriptionState, rules: PresetRules): ActiveDiscount[] {
  const billing = firstLicensedItem(state.items);
  const result: ActiveDiscount[] = [];
  for (const discount of state.discounts) {
    const window = deductionWindow(discount, billing, rules);
    if (!window || (window.to !== null && window.to <= window.from)) continue;
    if (discount.percentOff !== null) {
      result.push({ id: discount.id, ...window, kind: 'percent', factor: percentFactor(discount.percentOff) });
    } else if (discount.amountOff !== null && discount.amountOff > 0 && billing) {
      const currency = discount.amountOffCurrency ?? state.currency;
      if (currency.toLowerCase() !== state.currency.toLowerCase()) continue;
      const monthly = mul(ratio(discount.amountOff), monthlyFactor(billing.interval, billing.intervalCount));
      result.push({ id: discount.id, ...window, kind: 'amount', monthly });
    }
  }
  return result;
}

function isActiveAt(discount: ActiveDiscount, at: UnixSeconds): boolean {
  return discount.from <= at && (discount.to === null || at < discount.to);
}

/** `amount` after the discounts active at `at`: percent-offs first, then amount-offs, floor 0. */
export function applyDiscounts(amount: Ratio, discounts: readonly ActiveDiscount[], at: UnixSeconds): Ratio {
  let net = amount;
  for (const discount of discounts) {
    if (discount.kind === 'percent' && isActiveAt(discount, at)) net = mul(net, discount.factor);
  }
  for (const discount of discounts) {
    if (discount.kind === 'amount' && isActiveAt(discount, at)) net = sub(net, discount.monthly);
  }
  return max(net, ZERO);
}
