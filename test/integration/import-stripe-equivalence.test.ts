// The Stripe scenarios re-expressed as subscription files give the same monthly documents: the
// file through runImport and the events through the Stripe transform meet in the same ledger.
// (In-memory databases of their own, like `revpulse metrics`; the same code on PostgreSQL is
// covered by test/integration/import.test.ts.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricsFromEvents } from '../../src/cli/metrics-from-events.js';
import { metricsFromSubscriptions } from '../../src/cli/metrics-from-subscriptions.js';
import type { StripeEnvelope } from '../../src/ingest/envelope.js';
import type { PresetName } from '../../src/core/types.js';
import { STRIPE_SCENARIOS } from '../fixtures/import/stripe-scenarios.js';

const CASES: Array<[number, PresetName]> = [[0, 'default'], [1, 'default'], [1, 'stripe']];

describe('Stripe scenarios as subscription files', () => {
  it.each(CASES)('scenario %i under the %s preset gives the same monthly document', async (index, preset) => {
    const scenario = STRIPE_SCENARIOS[index]!;
    const options = { currency: 'usd', preset, ...(scenario.fxRates ? { fxRates: scenario.fxRates } : {}) };
    const fromEvents = await metricsFromEvents(scenario.events as unknown as StripeEnvelope[], options);
    const fromFile = await metricsFromSubscriptions(readFileSync(scenario.csvFile, 'utf8'), { ...options, fileName: scenario.csvFile });
    expect(fromEvents.months.length).toBeGreaterThan(2);
    expect(fromEvents.months.some((m) => m.movements.churn < 0)).toBe(true);
    expect(fromFile).toEqual(fromEvents);
  });
});
