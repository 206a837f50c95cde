// A discount's state from its terms: when a repeating discount ends, and which amount a
// multi-currency coupon takes off in the subscription's currency. Used by the ingest transforms
// and by the engine when it resolves discounts that arrived as bare ids.
import type { CurrencyCode, DiscountState, UnixSeconds } from './types.js';

export type CouponTermsInput = Pick<DiscountState, 'percentOff' | 'amountOff' | 'amountOffCurrency' | 'duration' | 'durationInMonths'> & {
  /** Amount off per currency for multi-currency coupons (lower-case currency → minor units). */
  amountOffByCurrency?: Record<CurrencyCode, number>;
};

/**
 * Adds calendar months in UTC, keeping the time of day. A day that does not exist in the target
 * month is clamped to its last day (31 Jan + 1 month = 28/29 Feb), as Stripe does for billing.
 */
export function addMonthsUtc(at: UnixSeconds, months: number): UnixSeconds {
  const date = new Date(at * 1000);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()] as const;
  return Date.UTC(year, month, day, ...time) / 1000;
}

/**
 * A discount's state. A repeating discount ends at the provider's `end` when it sent one, else
 * `durationInMonths` calendar months after `start` (addMonthsUtc); once/forever have no end.
 * Exported for the engine, which resolves discounts that arrived without their coupon: it may pass
 * a stored CouponRecord as `terms` (only the terms are read) and the subscription's `currency`, so
 * a multi-currency coupon applies its amount in that currency.
 */
export function resolveDiscountState(
  discount: { id: string; couponId: string; start: UnixSeconds; end: UnixSeconds | null },
  terms: CouponTermsInput,
  currency?: CurrencyCode,
): DiscountState {
  let { amountOff, amountOffCurrency } = terms;
  const option = currency === undefined ? undefined : terms.amountOffByCurrency?.[currency];
  if (amountOff !== null && amountOffCurrency !== currency && option !== undefined) {
    amountOff = option;
    amountOffCurrency = currency ?? null;
  }
  let end: UnixSeconds | null = null;
  if (terms.duration === 'repeating') {
    end = discount.end ?? (terms.durationInMonths === null ? null : addMonthsUtc(discount.start, terms.durationInMonths));
  }
  return {
    id: discount.id,
    couponId: discount.couponId,
    percentOff: terms.percentOff,
    amountOff,
    amountOffCurrency,
    duration: terms.duration,
    durationInMonths: terms.durationInMonths,
    start: discount.start,
    end,
  };
}

