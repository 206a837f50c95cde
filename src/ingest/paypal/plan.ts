// Billing plans → PriceRecord (one plan = one price: PayPal's plan is both the product's price and
// its billing schedule), and the pricing of a plan's REGULAR tenure, which a subscription's
// embedded plan shares. Trial tenures are not priced: a subscription in its trial counts as
// trialing (no MRR), whatever the trial costs.
import type { PriceRecord } from '../../core/records.js';
import type { BillingInterval, PriceTier } from '../../core/types.js';
import { MalformedField } from '../stripe/malformed.js';
import { currencyAt, minorUnits } from './amounts.js';
import type { PaypalBillingCycle, PaypalEmbeddedPlan, PaypalPlan } from './schemas/plan.js';

const INTERVALS: Record<PaypalBillingCycle['frequency']['interval_unit'], BillingInterval> = {
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  YEAR: 'year',
};

/** What one REGULAR billing cycle charges, in our terms. */
export type RegularPricing = {
  currency: string;
  billingScheme: 'per_unit' | 'tiered';
  /** Minor units per unit, exact; null when tiered. */
  unitAmountDecimal: string | null;
  tiers: PriceTier[] | null;
  tiersMode: 'graduated' | 'volume' | null;
  interval: BillingInterval;
  intervalCount: number;
};

/** PayPal's tiers run from starting_quantity to ending_quantity inclusive, the last one open.
 *  They map exactly onto tiers with `upTo` only when each starts right after the previous ends. */
function tiersOf(tiers: NonNullable<NonNullable<PaypalBillingCycle['pricing_scheme']>['tiers']>, currency: string, path: string): PriceTier[] {
  return tiers.map((tier, index) => {
    // The previous tier is closed: an open-ended one before this was refused on its turn.
    const expectedStart = index === 0 ? 1 : tiers[index - 1]!.ending_quantity! + 1;
    if (tier.starting_quantity !== expectedStart) {
      throw new MalformedField(`${path}.${index}.starting_quantity`, `tiers must follow each other without gaps from quantity 1 (expected ${expectedStart}, got ${tier.starting_quantity})`);
    }
    if (tier.ending_quantity === undefined && index < tiers.length - 1) {
      throw new MalformedField(`${path}.${index}.ending_quantity`, 'only the last tier may be open-ended');
    }
    if (tier.ending_quantity !== undefined && tier.ending_quantity < tier.starting_quantity) {
      throw new MalformedField(`${path}.${index}.ending_quantity`, 'a tier must end at or after its start');
    }
    if (tier.amount.currency_code.toLowerCase() !== currency) {
      throw new MalformedField(`${path}.${index}.amount.currency_code`, `every tier must be in the plan's currency (${currency.toUpperCase()})`);
    }
    return {
      upTo: tier.ending_quantity ?? null,
      unitAmountDecimal: String(minorUnits(tier.amount.value, tier.amount.currency_code, `${path}.${index}.amount.value`)),
      flatAmountDecimal: null,
    };
  });
}

/** The pricing of the plan's REGULAR tenure; `path` is where the plan sits in the resource. */
export function regularPricing(plan: PaypalEmbeddedPlan, path: string): RegularPricing {
  const index = plan.billing_cycles.findIndex((cycle) => cycle.tenure_type === 'REGULAR');
  const cycle = plan.billing_cycles[index];
  const at = `${path ? `${path}.` : ''}billing_cycles`;
  if (!cycle) throw new MalformedField(at, 'a plan needs a REGULAR billing cycle');
  const cyclePath = `${at}.${index}`;
  const scheme = cycle.pricing_scheme;
  const base = { interval: INTERVALS[cycle.frequency.interval_unit], intervalCount: cycle.frequency.interval_count };
  if (scheme?.fixed_price) {
    const currency = currencyAt(scheme.fixed_price.currency_code, `${cyclePath}.pricing_scheme.fixed_price.currency_code`);
    const unit = minorUnits(scheme.fixed_price.value, currency, `${cyclePath}.pricing_scheme.fixed_price.value`);
    if (unit < 0) throw new MalformedField(`${cyclePath}.pricing_scheme.fixed_price.value`, 'a price cannot be negative');
    return { ...base, currency, billingScheme: 'per_unit', unitAmountDecimal: String(unit), tiers: null, tiersMode: null };
  }
  if (scheme?.tiers && scheme.pricing_model) {
    const first = scheme.tiers[0]!;
    const currency = currencyAt(first.amount.currency_code, `${cyclePath}.pricing_scheme.tiers.0.amount.currency_code`);
    return {
      ...base,
      currency,
      billingScheme: 'tiered',
      unitAmountDecimal: null,
      tiers: tiersOf(scheme.tiers, currency, `${cyclePath}.pricing_scheme.tiers`),
      tiersMode: scheme.pricing_model === 'VOLUME' ? 'volume' : 'graduated',
    };
  }
  throw new MalformedField(`${cyclePath}.pricing_scheme`, 'the REGULAR cycle has neither a fixed_price nor a pricing_model with tiers');
}

export function transformPlan(plan: PaypalPlan): PriceRecord {
  const pricing = regularPricing(plan, '');
  return {
    id: plan.id,
    productId: plan.product_id ?? null,
    nickname: plan.name ?? null,
    lookupKey: null,
    active: plan.status === 'ACTIVE',
    currency: pricing.currency,
    type: 'recurring',
    billingScheme: pricing.billingScheme,
    unitAmountDecimal: pricing.unitAmountDecimal,
    tiers: pricing.tiers,
    tiersMode: pricing.tiersMode,
    transformQuantity: null,
    interval: pricing.interval,
    intervalCount: pricing.intervalCount,
    usageType: 'licensed',
    created: plan.create_time,
    deleted: false,
    metadata: {},
  };
}
