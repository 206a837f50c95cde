// A small business whose every figure is worked out by hand in test/integration/metrics-api.test.ts:
// six customers in USD and EUR, an expansion, a churn, two trials (one converted), a signup
// today, and payments with a decline recovered the same day. "Today" is FIXTURE_NOW.
import type { Store } from '../../src/store/db.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { event, price, subscription, type TestEvent } from './stripe-events.js';

export const FIXTURE_NOW = new Date('2024-04-15T12:00:00Z');
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const named = <T extends ReturnType<typeof price>>(p: T, nickname: string): T => ({ ...p, nickname });
export const PRICES = {
  basic: named(price({ id: 'price_basic', amount: 5000, product: 'prod_basic' }), 'Basic'),
  basicSmall: named(price({ id: 'price_basic_small', amount: 2000, product: 'prod_basic' }), 'Basic'),
  basicEur: named(price({ id: 'price_basic_eur', amount: 4000, currency: 'eur', product: 'prod_basic' }), 'Basic'),
  proYear: named(price({ id: 'price_pro_year', amount: 120_000, interval: 'year', product: 'prod_pro' }), 'Pro'),
  pro: named(price({ id: 'price_pro', amount: 3000, product: 'prod_pro' }), 'Pro'),
};

function customer(id: string, name: string, email: string, country: string, created: number) {
  return event('customer.created', { id, object: 'customer', email, name, address: { country }, currency: null, created, metadata: {}, livemode: false }, created);
}

function charge(options: { id: string; customer: string; invoice: string; amount: number; status: 'succeeded' | 'failed'; created: number; decline?: string }) {
  const failed = options.status === 'failed';
  return event(`charge.${options.status}`, {
    id: options.id, object: 'charge', amount: options.amount, amount_captured: failed ? 0 : options.amount, amount_refunded: 0, currency: 'usd',
    customer: options.customer, payment_intent: null, status: options.status, captured: !failed, refunded: false, disputed: false,
    failure_code: failed ? 'card_declined' : null, failure_message: failed ? 'Your card was declined.' : null,
    outcome: failed ? { type: 'issuer_declined', reason: options.decline ?? 'generic_decline' } : { type: 'authorized', reason: null },
    created: options.created, invoice: options.invoice, livemode: false,
  }, options.created);
}

export function fixtureEvents(): TestEvent[] {
  const aStart = t('2024-01-10T09:00:00Z');
  const bStart = t('2024-02-01T12:00:00Z');
  const cStart = t('2024-03-05T08:00:00Z');
  const dStart = t('2024-04-01T10:00:00Z');
  const eStart = t('2024-04-10T10:00:00Z');
  const fStart = t('2024-04-15T08:00:00Z');
  return [
    customer('cus_a', 'Alice Anderson', 'alice@example.com', 'US', aStart - 60),
    customer('cus_c', 'Claude Chevalier', 'claude@example.fr', 'FR', cStart - 60),
    customer('cus_f', 'Frida Fisher', 'frida@example.com', 'SE', fStart - 60),
    event('customer.subscription.created', subscription({ id: 'sub_a', customer: 'cus_a', price: PRICES.basic, start: aStart }), aStart),
    event('customer.subscription.updated', subscription({ id: 'sub_a', customer: 'cus_a', price: PRICES.basic, quantity: 2, start: aStart }), t('2024-02-15T10:00:00Z')),
    event('customer.subscription.created', subscription({ id: 'sub_b', customer: 'cus_b', price: PRICES.proYear, start: bStart }), bStart),
    event('customer.subscription.deleted', subscription({ id: 'sub_b', customer: 'cus_b', price: PRICES.proYear, start: bStart, status: 'canceled', endedAt: t('2024-03-20T00:00:00Z') }), t('2024-03-20T00:00:00Z')),
    event('customer.subscription.created', subscription({ id: 'sub_c', customer: 'cus_c', price: PRICES.basicEur, start: cStart }), cStart),
    event('customer.subscription.created', subscription({ id: 'sub_d', customer: 'cus_d', price: PRICES.pro, start: dStart, status: 'trialing', trialEnd: t('2024-04-14T10:00:00Z') }), dStart),
    event('customer.subscription.updated', subscription({ id: 'sub_d', customer: 'cus_d', price: PRICES.pro, start: dStart, status: 'active', trialEnd: t('2024-04-14T10:00:00Z') }), t('2024-04-14T10:00:00Z')),
    event('customer.subscription.created', subscription({ id: 'sub_e', customer: 'cus_e', price: PRICES.pro, start: eStart, status: 'trialing', trialEnd: t('2024-04-24T10:00:00Z') }), eStart),
    event('customer.subscription.created', subscription({ id: 'sub_f', customer: 'cus_f', price: PRICES.basicSmall, start: fStart }), fStart),
    charge({ id: 'ch_a1', customer: 'cus_a', invoice: 'in_a1', amount: 10_000, status: 'succeeded', created: t('2024-04-15T09:00:00Z') }),
    charge({ id: 'ch_f1', customer: 'cus_f', invoice: 'in_f1', amount: 2000, status: 'failed', created: t('2024-04-15T08:01:00Z'), decline: 'insufficient_funds' }),
    charge({ id: 'ch_f2', customer: 'cus_f', invoice: 'in_f1', amount: 2000, status: 'succeeded', created: t('2024-04-15T10:00:00Z') }),
  ];
}

/** EUR→USD 1.10 until 24 March 2024, then 1.20. */
export const FIXTURE_FX = [
  { currency: 'eur', day: '2024-01-01', rate: '1.10' },
  { currency: 'eur', day: '2024-03-25', rate: '1.20' },
];

export async function storeFixture(store: Store, workspaceId: string, sourceId: string, events: readonly TestEvent[] = fixtureEvents()): Promise<void> {
  await upsertFxRates(store.db, workspaceId, 'usd', FIXTURE_FX);
  await storeEvents(store, events.map((e) => ({ workspaceId, sourceId, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
}
