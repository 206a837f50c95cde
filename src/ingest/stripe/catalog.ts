// Products and prices → ProductRecord and PriceRecord; the price helpers are shared with
// subscription items, which embed their price.
import { normaliseCurrency } from '../../core/currency.js';
import type { PriceTier } from '../../core/types.js';
import type { PriceRecord, ProductRecord } from '../../core/records.js';
import { preferDecimal } from './amounts.js';
import type { StripeItemPrice, StripePrice, StripeProduct, StripeTier } from './schemas/catalog.js';
import { refId } from './schemas/common.js';

export function priceTiers(tiers: StripeTier[] | undefined): PriceTier[] | null {
  if (tiers === undefined) return null;
  return tiers.map((tier) => ({
    upTo: tier.up_to,
    unitAmountDecimal: preferDecimal(tier.unit_amount_decimal, tier.unit_amount),
    flatAmountDecimal: preferDecimal(tier.flat_amount_decimal, tier.flat_amount),
  }));
}

export function unitAmountOf(price: StripeItemPrice): string | null {
  return price.billing_scheme === 'per_unit'
    ? preferDecimal(price.unit_amount_decimal, price.unit_amount)
    : null;
}

/** Missing `tiers_mode` means null; the schema refuses a tiered price without one. */
export function tiersModeOf(price: StripeItemPrice): PriceRecord['tiersMode'] {
  return price.tiers_mode ?? null;
}

export function transformQuantityOf(price: StripeItemPrice): PriceRecord['transformQuantity'] {
  const tq = price.transform_quantity;
  return tq === null ? null : { divideBy: tq.divide_by, round: tq.round };
}

export function transformPrice(price: StripePrice, deleted: boolean): PriceRecord {
  return {
    id: price.id,
    productId: refId(price.product),
    nickname: price.nickname,
    lookupKey: price.lookup_key,
    active: price.active,
    currency: normaliseCurrency(price.currency),
    type: price.type,
    billingScheme: price.billing_scheme,
    unitAmountDecimal: unitAmountOf(price),
    tiers: priceTiers(price.tiers),
    tiersMode: tiersModeOf(price),
    transformQuantity: transformQuantityOf(price),
    interval: price.recurring?.interval ?? null,
    intervalCount: price.recurring?.interval_count ?? null,
    usageType: price.recurring?.usage_type ?? null,
    created: price.created,
    deleted,
    metadata: price.metadata,
  };
}

export function transformProduct(product: StripeProduct, deleted: boolean): ProductRecord {
  return {
    id: product.id,
    name: product.name,
    active: product.active,
    created: product.created,
    deleted,
    metadata: product.metadata,
  };
}
