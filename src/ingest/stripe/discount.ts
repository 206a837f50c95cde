// Coupons and discounts → CouponRecord, DiscountRecord and the engine's DiscountState.
export { addMonthsUtc, resolveDiscountState } from '../../core/discount-state.js';
import { normaliseCurrency } from '../../core/currency.js';
import { resolveDiscountState } from '../../core/discount-state.js';
import type { CurrencyCode, DiscountState } from '../../core/types.js';
import type { CouponRecord, CouponTerms, DiscountRecord } from '../../core/records.js';
import { exactDecimal } from './amounts.js';
import { MalformedField } from './malformed.js';
import type { StripeCoupon, StripeCouponTerms, StripeDiscount } from './schemas/catalog.js';
import { refId } from './schemas/common.js';

/**
 * The coupon's terms. When `currency` is given and the coupon's amount is in another currency,
 * the matching `currency_options` amount is used, as Stripe does when it applies the coupon.
 */
export function couponTerms(coupon: StripeCouponTerms, currency?: CurrencyCode): CouponTerms {
  let amountOff = coupon.amount_off;
  let amountOffCurrency = coupon.currency === null ? null : normaliseCurrency(coupon.currency);
  const option = currency === undefined ? undefined : coupon.currency_options?.[currency];
  if (amountOff !== null && amountOffCurrency !== currency && option !== undefined) {
    amountOff = option.amount_off;
    amountOffCurrency = currency ?? null;
  }
  return {
    percentOff: coupon.percent_off === null ? null : exactDecimal(coupon.percent_off),
    amountOff,
    amountOffCurrency: amountOff === null ? null : amountOffCurrency,
    duration: coupon.duration,
    durationInMonths: coupon.duration_in_months,
  };
}

/** The embedded coupon: `coupon` up to 2025-08-27, `source.coupon` (when expanded) after. */
export function embeddedCoupon(discount: StripeDiscount): StripeCouponTerms | null {
  if (discount.coupon) return discount.coupon;
  const source = discount.source?.coupon;
  return source && typeof source !== 'string' ? source : null;
}

function couponIdOf(discount: StripeDiscount): string {
  const id = discount.coupon?.id ?? refId(discount.source?.coupon);
  if (id === null) {
    // With neither field the object itself is at fault: which one it lacks depends on its version.
    throw new MalformedField(discount.source ? 'source.coupon' : '', 'a discount needs a coupon (`coupon`, or `source.coupon` from 2025-09-30.clover)');
  }
  return id;
}

/** The discount's state, or null when its coupon arrived as a bare id. */
export function discountStateOf(discount: StripeDiscount, currency?: CurrencyCode): DiscountState | null {
  const coupon = embeddedCoupon(discount);
  if (!coupon) return null;
  const ids = { id: discount.id, couponId: coupon.id, start: discount.start, end: discount.end };
  return resolveDiscountState(ids, couponTerms(coupon, currency));
}

export function transformDiscount(discount: StripeDiscount, deleted: boolean): DiscountRecord {
  return {
    id: discount.id,
    couponId: couponIdOf(discount),
    customerId: refId(discount.customer),
    subscriptionId: discount.subscription,
    subscriptionItemId: discount.subscription_item,
    invoiceId: discount.invoice,
    start: discount.start,
    end: discount.end,
    deleted: deleted || discount.deleted === true,
    state: discountStateOf(discount),
  };
}

export function transformCoupon(coupon: StripeCoupon, deleted: boolean): CouponRecord {
  const amountOffByCurrency: Record<CurrencyCode, number> = {};
  for (const [code, option] of Object.entries(coupon.currency_options ?? {})) {
    amountOffByCurrency[normaliseCurrency(code)] = option.amount_off;
  }
  return {
    id: coupon.id,
    name: coupon.name,
    ...couponTerms(coupon),
    amountOffByCurrency,
    valid: coupon.valid,
    created: coupon.created,
    deleted,
  };
}
