// The health view: scores customers on a day from their signals and the workspace's settings
// (the snapshot job writes these, src/jobs/health-snapshots.ts), and answers one customer's
// health as of an instant — computed live for the as-of day, so it is exact now, with the trend
// read from the daily snapshots.
import type { Kysely } from 'kysely';
import { addDays, type Day } from '../../core/dates.js';
import { computeHealth, type HealthScore } from '../../core/health.js';
import type { SuccessSettings } from '../../core/success-settings.js';
import { customerHealthTrend } from '../../store/health-repo.js';
import type { Database } from '../../store/schema.js';
import { loadSuccessSettings } from '../../store/success-settings-repo.js';
import type { AsOf } from '../clock.js';
import { loadCustomerSignals, loadKeyFeatures, type LimitsLoader } from '../success-signals/load.js';
import type { HealthResponse } from './contract.js';

export type ScoredCustomer = { customerId: string; health: HealthScore };

/** Days of trend the customer's health answers with (the as-of day included). */
export const TREND_DAYS = 90;

/** Every customer's health (or the given ones') at the end of `day` as of `asOf`. */
export async function healthOfCustomers(
  db: Kysely<Database>,
  workspaceId: string,
  input: { day: Day; asOf: AsOf; customerIds?: readonly string[]; settings?: SuccessSettings; limits?: LimitsLoader },
): Promise<{ day: Day; scored: ScoredCustomer[] }> {
  const settings = input.settings ?? await loadSuccessSettings(db, workspaceId);
  const [signals, keyFeatures] = await Promise.all([
    loadCustomerSignals(db, workspaceId, {
      day: input.day, asOf: input.asOf,
      ...(input.customerIds ? { customerIds: input.customerIds } : {}),
      ...(input.limits ? { limits: input.limits } : {}),
    }),
    loadKeyFeatures(db, workspaceId, { day: input.day, asOf: input.asOf, configured: settings.keyFeatures, top: settings.components.adoption.topFeatures }),
  ]);
  const day = signals[0]?.day ?? (input.day > input.asOf.day ? input.asOf.day : input.day);
  return { day, scored: signals.map((s) => ({ customerId: s.customerId, health: computeHealth(s, { settings, keyFeatures }) })) };
}

/** One customer's health as of `asOf` with its trend, or null when no such customer exists by then. */
export async function loadCustomerHealth(db: Kysely<Database>, workspaceId: string, customerId: string, asOf: AsOf, options: { limits?: LimitsLoader } = {}): Promise<HealthResponse | null> {
  const { day, scored } = await healthOfCustomers(db, workspaceId, { day: asOf.day, asOf, customerIds: [customerId], ...(options.limits ? { limits: options.limits } : {}) });
  const mine = scored[0];
  if (!mine) return null;
  const h = mine.health;
  const snapshots = await customerHealthTrend(db, workspaceId, customerId, addDays(day, -(TREND_DAYS - 1)), addDays(day, -1));
  return {
    customerId,
    day,
    score: h.score,
    band: h.band,
    partial: h.partial,
    missing: h.missing,
    components: h.components.map((c) => ({ name: c.name, label: c.label, weight: c.weight, value: c.value, explanation: c.explanation })),
    // The as-of day's point is the live score, the one shown above the chart.
    trend: [...snapshots, { day, score: h.score, band: h.band }],
    asOf: asOf.at.toISOString(),
  };
}
