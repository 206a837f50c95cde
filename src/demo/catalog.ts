// The demo business's price list and coupons, and the Stripe Product / Price / Plan / Coupon
// objects built from them. Prices are written in major units per currency and converted with
// the currency's own exponent, so the table never assumes two decimals.
import { currencyExponent } from '../core/currency.js';
import { mul, parseDecimal, ratio, toMinorUnits } from '../core/decimal.js';
import type { DecimalString } from '../core/types.js';
import { createIdFactory } from './ids.js';
import type { DemoCurrency } from './people.js';
import type { StripeCoupon, StripePlan, StripePrice, StripeProduct } from './stripe-types.js';

export type DemoPlanKey = 'starter' | 'growth' | 'scale';
export type DemoInterval = 'month' | 'year';

export type DemoPlan = {
  key: DemoPlanKey;
  name: string;
  description: string;
  /** Billed per seat (quantity = seats) rather than a flat quantity of 1. */
  perSeat: boolean;
  /** Order on the upgrade path: a higher rank is an upgrade. */
  rank: number;
  /** Unit price in major units, per billing interval and currency. */
  prices: Record<DemoInterval, Record<DemoCurrency, DecimalString>>;
};

export const DEMO_CURRENCIES: readonly DemoCurrency[] = ['usd', 'eur', 'gbp'];

export const DEMO_PLANS: readonly DemoPlan[] = [
  {
    key: 'starter', name: 'Starter', rank: 0, perSeat: false,
    description: 'Core dashboards for a single team.',
    prices: { month: { usd: '29', eur: '27', gbp: '24' }, year: { usd: '290', eur: '270', gbp: '240' } },
  },
  {
    key: 'growth', name: 'Growth', rank: 1, perSeat: true,
    description: 'Per-seat plan with cohorts, forecasts and alerts.',
    prices: { month: { usd: '15', eur: '14', gbp: '12' }, year: { usd: '150', eur: '140', gbp: '120' } },
  },
  {
    key: 'scale', name: 'Scale', rank: 2, perSeat: false,
    description: 'Unlimited seats, SSO and priority support.',
    prices: { month: { usd: '499', eur: '469', gbp: '399' }, year: { usd: '4990', eur: '4690', gbp: '3990' } },
  },
];

export type DemoCouponKey = 'nonprofit' | 'launch' | 'welcome' | 'loyalty';

type CouponSpec = Pick<StripeCoupon, 'id' | 'name' | 'duration' | 'duration_in_months' | 'percent_off'> & {
  key: DemoCouponKey;
  /** Amount off in major units, one coupon per currency; null for percent-off coupons. */
  amountOff: DecimalString | null;
};

/** Forever 20% for nonprofits, 3 months of 50% at launch, 10% once, and a forever amount off. */
export const DEMO_COUPONS: readonly CouponSpec[] = [
  { key: 'nonprofit', id: 'NONPROFIT20', name: 'Nonprofit 20%', duration: 'forever', duration_in_months: null, percent_off: 20, amountOff: null },
  { key: 'launch', id: 'LAUNCH50', name: 'Launch offer: 50% for 3 months', duration: 'repeating', duration_in_months: 3, percent_off: 50, amountOff: null },
  { key: 'welcome', id: 'WELCOME10', name: 'Welcome 10% off first invoice', duration: 'once', duration_in_months: null, percent_off: 10, amountOff: null },
  { key: 'loyalty', id: 'LOYALTY10', name: 'Loyalty credit', duration: 'forever', duration_in_months: null, percent_off: null, amountOff: '10' },
];

/** Major units (a decimal string) to integer minor units of `currency`. */
export function majorToMinor(major: DecimalString, currency: string): number {
  return toMinorUnits(mul(parseDecimal(major), ratio(10n ** BigInt(currencyExponent(currency)))));
}

export type CatalogPrice = {
  plan: DemoPlan;
  interval: DemoInterval;
  currency: DemoCurrency;
  price: StripePrice;
  /** The legacy Plan twin of the price (same id), as the 2024-06-20 API embeds beside it. */
  legacyPlan: StripePlan;
};

export type DemoCatalog = {
  createdAt: number;
  products: StripeProduct[];
  prices: CatalogPrice[];
  coupons: StripeCoupon[];
  price(plan: DemoPlanKey, interval: DemoInterval, currency: DemoCurrency): CatalogPrice;
  coupon(key: DemoCouponKey, currency: DemoCurrency): StripeCoupon;
};

function product(id: string, plan: DemoPlan, createdAt: number): StripeProduct {
  return {
    id, object: 'product', active: true, attributes: [], created: createdAt, default_price: null,
    description: plan.description, images: [], livemode: false, marketing_features: [],
    metadata: { plan: plan.key }, name: plan.name, package_dimensions: null, shippable: null,
    statement_descriptor: null, tax_code: null, type: 'service',
    unit_label: plan.perSeat ? 'seat' : null, updated: createdAt, url: null,
  };
}

function priceAndPlan(
  id: string, productId: string, plan: DemoPlan, interval: DemoInterval, currency: DemoCurrency,
  createdAt: number,
): CatalogPrice {
  const unitAmount = majorToMinor(plan.prices[interval][currency], currency);
  const nickname = `${plan.name} ${interval === 'month' ? 'monthly' : 'annual'}`;
  const price: StripePrice = {
    id, object: 'price', active: true, billing_scheme: 'per_unit', created: createdAt, currency,
    custom_unit_amount: null, livemode: false, lookup_key: `${plan.key}_${interval}ly_${currency}`,
    metadata: {}, nickname, product: productId,
    recurring: {
      aggregate_usage: null, interval, interval_count: 1, meter: null, trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified', tiers_mode: null, transform_quantity: null, type: 'recurring',
    unit_amount: unitAmount, unit_amount_decimal: String(unitAmount),
  };
  const legacyPlan: StripePlan = {
    id, object: 'plan', active: true, aggregate_usage: null, amount: unitAmount,
    amount_decimal: String(unitAmount), billing_scheme: 'per_unit', created: createdAt, currency,
    interval, interval_count: 1, livemode: false, metadata: {}, meter: null, nickname,
    product: productId, tiers_mode: null, transform_usage: null, trial_period_days: null,
    usage_type: 'licensed',
  };
  Object.freeze(price.recurring);
  return { plan, interval, currency, price: Object.freeze(price), legacyPlan: Object.freeze(legacyPlan) };
}

function coupon(spec: CouponSpec, currency: DemoCurrency | null, createdAt: number): StripeCoupon {
  const id = currency ? `${spec.id}_${currency.toUpperCase()}` : spec.id;
  return Object.freeze({
    id, object: 'coupon', amount_off: currency && spec.amountOff ? majorToMinor(spec.amountOff, currency) : null,
    created: createdAt, currency, duration: spec.duration, duration_in_months: spec.duration_in_months,
    livemode: false, max_redemptions: null, metadata: {}, name: spec.name,
    percent_off: spec.percent_off, redeem_by: null, times_redeemed: 0, valid: true,
  });
}

/** The catalogue, created at `createdAt`. Ids depend only on `seedTag`. */
export function buildCatalog(seedTag: number, createdAt: number): DemoCatalog {
  const ids = createIdFactory(seedTag, 0);
  const products: StripeProduct[] = [];
  const prices: CatalogPrice[] = [];
  const byKey = new Map<string, CatalogPrice>();
  for (const plan of DEMO_PLANS) {
    const prod = product(ids.next('prod'), plan, createdAt);
    products.push(prod);
    for (const interval of ['month', 'year'] as const) {
      for (const currency of DEMO_CURRENCIES) {
        const entry = priceAndPlan(ids.next('price'), prod.id, plan, interval, currency, createdAt);
        prices.push(entry);
        byKey.set(`${plan.key}/${interval}/${currency}`, entry);
      }
    }
  }
  const coupons: StripeCoupon[] = [];
  const couponByKey = new Map<string, StripeCoupon>();
  for (const spec of DEMO_COUPONS) {
    for (const currency of spec.amountOff ? DEMO_CURRENCIES : [null]) {
      const made = coupon(spec, currency, createdAt);
      coupons.push(made);
      couponByKey.set(spec.amountOff ? `${spec.key}/${currency}` : spec.key, made);
    }
  }
  return {
    createdAt, products, prices, coupons,
    price(plan, interval, currency) {
      const entry = byKey.get(`${plan}/${interval}/${currency}`);
      if (!entry) throw new RangeError(`no demo price for ${plan}/${interval}/${currency}`);
      return entry;
    },
    coupon(key, currency) {
      const made = couponByKey.get(key) ?? couponByKey.get(`${key}/${currency}`);
      if (!made) throw new RangeError(`no demo coupon ${key} for ${currency}`);
      return made;
    },
  };
}
