// Which plans a subscription's MRR belongs to.
//
// Responsible for: splitting one subscription's MRR (already rounded, discounts applied) over
// its licensed items in proportion to each item's exact monthly amount, flooring each share and
// giving the remainder to the largest item (the first of equals), so the plans of a
// subscription always sum to its MRR exactly. A plan is the item's product (its price when the
// product is unknown); metered items and items that bill nothing get no share.
import { compare, div, floor, mul, ratio, ZERO, add, type Ratio } from './decimal.js';
import { itemPeriodAmount, monthlyFactor } from './price-amount.js';
import type { SubscriptionItemState } from './types.js';

export type PlanRef = { planId: string; planName: string };
export type PlanShare = PlanRef & { amount: number };

export function planOf(item: SubscriptionItemState): PlanRef {
  const planId = item.productId ?? item.priceId;
  return { planId, planName: item.planName ?? planId };
}

/** The plan a subscription is known by: the plan of its largest licensed item (else its first item). */
export function mainPlanOf(items: readonly SubscriptionItemState[]): PlanRef | null {
  let best: { item: SubscriptionItemState; amount: Ratio } | null = null;
  for (const item of items) {
    if (item.usageType !== 'licensed') continue;
    const amount = mul(itemPeriodAmount(item), monthlyFactor(item.interval, item.intervalCount));
    if (!best || compare(amount, best.amount) > 0) best = { item, amount };
  }
  const chosen = best?.item ?? items[0];
  return chosen ? planOf(chosen) : null;
}

/** Splits `mrr` (integer minor units) over the plans of `items`; shares sum to `mrr` exactly. */
export function splitMrrByPlan(items: readonly SubscriptionItemState[], mrr: number): PlanShare[] {
  if (mrr === 0) return [];
  const weighted = items
    .filter((item) => item.usageType === 'licensed')
    .map((item) => ({ item, amount: mul(itemPeriodAmount(item), monthlyFactor(item.interval, item.intervalCount)) }))
    .filter((w) => w.amount.n > 0n);
  if (weighted.length === 0) {
    const plan = mainPlanOf(items);
    return plan ? [{ ...plan, amount: mrr }] : [];
  }
  let total: Ratio = ZERO;
  let largest = 0;
  weighted.forEach((w, i) => {
    total = add(total, w.amount);
    if (compare(w.amount, weighted[largest]!.amount) > 0) largest = i;
  });
  const shares = weighted.map((w) => Number(floor(div(mul(ratio(mrr), w.amount), total))));
  shares[largest]! += mrr - shares.reduce((sum, s) => sum + s, 0);
  const byPlan = new Map<string, PlanShare>();
  weighted.forEach((w, i) => {
    const plan = planOf(w.item);
    const seen = byPlan.get(plan.planId);
    if (seen) seen.amount += shares[i]!;
    else byPlan.set(plan.planId, { ...plan, amount: shares[i]! });
  });
  return [...byPlan.values()].filter((p) => p.amount !== 0).sort((a, b) => (a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0));
}
