// Metric presets: the few rules on which Revpulse, Stripe Billing analytics and ChartMogul
// disagree about MRR. Every other convention (normalisation, tiers, metered items, rounding,
// movements) is shared. Sources for each rule are in docs/metrics.md (sections 1–6).
import type { PresetName } from './types.js';

/** When a cancelled subscription stops counting. */
export type ChurnTiming =
  /** When it ends: `endedAt`, or the status becoming `canceled` (a scheduled cancellation keeps
   *  its MRR until then). */
  | 'ended'
  /** When it ends, but never before the end of the period it was billed for (`currentPeriodEnd`
   *  of the ending state), even if it was cancelled immediately. */
  | 'period_end'
  /** As soon as cancellation is requested (`canceledAt`), even if it is scheduled for the end
   *  of the period. */
  | 'canceled_at';

export type PresetRules = {
  readonly name: PresetName;
  /** `past_due` counts (for a subscription that has paid before; see subscription-mrr.ts). */
  readonly countPastDue: boolean;
  /** `unpaid` counts (dunning exhausted, subscription left open). */
  readonly countUnpaid: boolean;
  /** `repeating` discounts are deducted while active; `forever` ones always are. */
  readonly deductRepeatingDiscounts: boolean;
  /** `once` discounts are deducted for one billing period from their start (the period of the
   *  invoice they reduce). */
  readonly deductOnceDiscounts: boolean;
  readonly churnAt: ChurnTiming;
};

const PRESETS: Readonly<Record<PresetName, PresetRules>> = {
  default: {
    name: 'default',
    countPastDue: true,
    countUnpaid: false,
    deductRepeatingDiscounts: true,
    deductOnceDiscounts: false,
    churnAt: 'ended',
  },
  // Stripe Billing analytics: only `forever` coupons reduce MRR; `unpaid` is churn; a subscription
  // cancelled with cancel_at_period_end stops counting at the time of the API call.
  stripe: {
    name: 'stripe',
    countPastDue: true,
    countUnpaid: false,
    deductRepeatingDiscounts: false,
    deductOnceDiscounts: false,
    churnAt: 'canceled_at',
  },
  // ChartMogul: MRR comes from invoiced amounts net of discounts (so every discount, one-off
  // included, lowers the MRR of the period it is invoiced for); delinquent subscriptions keep
  // contributing until explicitly cancelled; churn at the end of the final service period.
  chartmogul: {
    name: 'chartmogul',
    countPastDue: true,
    countUnpaid: true,
    deductRepeatingDiscounts: true,
    deductOnceDiscounts: true,
    churnAt: 'period_end',
  },
};

export const PRESET_NAMES: readonly PresetName[] = ['default', 'stripe', 'chartmogul'];

export function presetRules(name: PresetName): PresetRules {
  const rules = PRESETS[name];
  if (!rules) throw new RangeError(`unknown preset: "${String(name)}"`);
  return rules;
}
