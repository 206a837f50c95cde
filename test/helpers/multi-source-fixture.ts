// One workspace fed by three kinds of source over six months (January to 20 June 2025): signed
// Stripe webhooks, signed PayPal webhooks and a subscription import (CSV), billing in USD and EUR
// with the workspace's own EUR → USD rates (1.10, then 1.20 from 1 April). Between them: new,
// expansion, contraction, churn, reactivation, a PayPal trial that converts, two trials still
// running, an annual plan, seats, and one person (Erin) who moves from Stripe to PayPal on
// 15 April under the same e-mail.
//
// The figures are written down by hand below (MRR_SPELLS, EXPECTED_MONTHS), from the prices the
// events carry: the tests compare the API with these tables, never with another computation.
// The fixture only talks to the server as a provider would (HTTP) plus `runImport`, so the same
// builder feeds an in-process app (integration tests) and a real server (browser tests).
import { signPaypalDelivery } from './paypal-cert.js';
import { paypalEvent, paypalPlan, paypalSale, paypalSubscription, type PaypalSubscriptionOptions } from './paypal-events.js';
import { event, price, signedWebhook, subscription, type TestEvent } from './stripe-events.js';
import { runImport } from '../../src/ingest/import/run-import.js';
import type { ImportSummary } from '../../src/ingest/import/types.js';
import type { Store } from '../../src/store/db.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import type { SecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';

/** The server's clock while the fixture is read: the last of its six months is to this day. */
export const MULTI_SOURCE_NOW = new Date('2025-06-20T12:00:00.000Z');
export const MULTI_SOURCE_MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'] as const;

const STRIPE_SECRET = 'whsec_multi_source_fixture';
const PAYPAL = { clientId: 'AbCmultiSourceClient', webhookId: '8PT597110X687430LKGECATA', sandbox: true } as const;
/** USD per EUR, by the day it takes effect (carried forward until the next). */
export const EUR_USD_RATES = [
  { currency: 'eur', day: '2024-12-01', rate: '1.10' },
  { currency: 'eur', day: '2025-04-01', rate: '1.20' },
] as const;

export type SourceKind = 'stripe' | 'paypal' | 'import';

/** 10:00 UTC on a day, in unix seconds: every event of the fixture happens then (or at 11:00). */
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) / 1000;

/**
 * Each customer's MRR in its own currency (minor units) from a day on, by hand from the prices:
 * a row's `from` is the day of the event that changes it. `key` names the customer in the
 * fixture; the stored ids are in `MultiSourceWorkspace.customerIds`.
 */
export const MRR_SPELLS: { key: string; source: SourceKind; currency: 'usd' | 'eur'; steps: [from: string, mrr: number][] }[] = [
  // Stripe: Basic $29 → Pro $99 on 5 March.
  { key: 'alice', source: 'stripe', currency: 'usd', steps: [['2025-01-10', 2_900], ['2025-03-05', 9_900]] },
  // Stripe: Pro $99 × 3 seats, 2 seats from 10 April.
  { key: 'bob', source: 'stripe', currency: 'usd', steps: [['2025-01-15', 29_700], ['2025-04-10', 19_800]] },
  // Stripe: Basic €49, cancelled 12 May.
  { key: 'carol', source: 'stripe', currency: 'eur', steps: [['2025-02-03', 4_900], ['2025-05-12', 0]] },
  // Stripe: Basic $29 until 15 April, then PayPal Plus $35 (the same person, same e-mail).
  { key: 'erin', source: 'stripe', currency: 'usd', steps: [['2025-01-20', 2_900], ['2025-04-15', 0]] },
  { key: 'erin-paypal', source: 'paypal', currency: 'usd', steps: [['2025-04-15', 3_500]] },
  // Stripe: Basic $29 from 20 February, cancelled 12 June.
  { key: 'liam', source: 'stripe', currency: 'usd', steps: [['2025-02-20', 2_900], ['2025-06-12', 0]] },
  // Stripe: Pro in trial from 10 June to 24 June: no MRR yet.
  { key: 'dan', source: 'stripe', currency: 'usd', steps: [] },
  // PayPal: Team $49 after a 14-day free trial (1 → 15 February), cancelled 20 March, back 5 May.
  { key: 'frank', source: 'paypal', currency: 'usd', steps: [['2025-02-15', 4_900], ['2025-03-20', 0], ['2025-05-05', 4_900]] },
  // PayPal: Euro €99, revised to Euro Max €149 on 2 June.
  { key: 'greta', source: 'paypal', currency: 'eur', steps: [['2025-03-01', 9_900], ['2025-06-02', 14_900]] },
  // Import: Yearly $240 a year = $20.00 a month.
  { key: 'hana', source: 'import', currency: 'usd', steps: [['2025-01-05', 2_000]] },
  // Import: Seats €19 × 5, 3 seats from 20 May.
  { key: 'ivan', source: 'import', currency: 'eur', steps: [['2025-02-10', 9_500], ['2025-05-20', 5_700]] },
  // Import: Starter $59, cancelled 31 March, a new subscription 5 June.
  { key: 'jun', source: 'import', currency: 'usd', steps: [['2025-01-25', 5_900], ['2025-03-31', 0], ['2025-06-05', 5_900]] },
  // Import: Starter in trial from 15 June: no MRR yet.
  { key: 'kim', source: 'import', currency: 'usd', steps: [] },
];

/** A customer's native MRR at the end of `day` (from MRR_SPELLS). */
export function handMrrAt(spell: (typeof MRR_SPELLS)[number], day: string): number {
  let mrr = 0;
  for (const [from, value] of spell.steps) if (from <= day) mrr = value;
  return mrr;
}

export type Movements = { new: number; expansion: number; contraction: number; churn: number; reactivation: number; fx: number };

/**
 * The monthly report in USD, by hand (EUR at 1.10 to March, 1.20 from April; contraction and
 * churn negative). Erin's move is one customer's change of provider: +$6.00 expansion in April.
 *   Jan: new hana 2000 + alice 2900 + bob 29700 + erin 2900 + jun 5900 = 43400 → MRR 43400
 *   Feb: new carol €49 → 5390, ivan €95 → 10450, frank 4900, liam 2900 = 23640 → MRR 67040
 *   Mar: new greta €99 → 10890; expansion alice 7000; churn frank −4900, jun −5900 → MRR 74130
 *   Apr: contraction bob −9900; expansion erin (29 → 35) 600; fx €243 × 0.10 = 2430 → MRR 67260
 *   May: reactivation frank 4900; churn carol −€49 → −5880; contraction ivan −€38 → −4560 → MRR 61720
 *   Jun: expansion greta €50 → 6000; reactivation jun 5900; churn liam −2900 → MRR 70720
 */
export const EXPECTED_MONTHS: { month: string; mrr: number; customers: number; movements: Movements }[] = [
  { month: '2025-01', mrr: 43_400, customers: 5, movements: { new: 43_400, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 } },
  { month: '2025-02', mrr: 67_040, customers: 9, movements: { new: 23_640, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 } },
  { month: '2025-03', mrr: 74_130, customers: 8, movements: { new: 10_890, expansion: 7_000, contraction: 0, churn: -10_800, reactivation: 0, fx: 0 } },
  { month: '2025-04', mrr: 67_260, customers: 8, movements: { new: 0, expansion: 600, contraction: -9_900, churn: 0, reactivation: 0, fx: 2_430 } },
  { month: '2025-05', mrr: 61_720, customers: 8, movements: { new: 0, expansion: 0, contraction: -4_560, churn: -5_880, reactivation: 4_900, fx: 0 } },
  { month: '2025-06', mrr: 70_720, customers: 8, movements: { new: 0, expansion: 6_000, contraction: 0, churn: -2_900, reactivation: 5_900, fx: 0 } },
];

/** The import file: one row per subscription state (docs/import.md). */
export const IMPORT_CSV = [
  'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,invoice_id,paid_at,paid_amount',
  'hana,Hana Hill,hana@import.example,sub-h1,2025-01-05T10:00:00Z,active,Yearly,USD,240.00,year,1,1,inv-h1,2025-01-05T10:00:00Z,240.00',
  'jun,Jun Jones,jun@import.example,sub-j1,2025-01-25T10:00:00Z,active,Starter,USD,59.00,month,1,1,,,',
  'ivan,Ivan Ivanov,ivan@import.example,sub-i1,2025-02-10T10:00:00Z,active,Seats,EUR,19.00,month,1,5,,,',
  'jun,Jun Jones,jun@import.example,sub-j1,2025-03-31T10:00:00Z,canceled,Starter,USD,59.00,month,1,1,,,',
  'ivan,Ivan Ivanov,ivan@import.example,sub-i1,2025-05-20T10:00:00Z,active,Seats,EUR,19.00,month,1,3,,,',
  'jun,Jun Jones,jun@import.example,sub-j2,2025-06-05T10:00:00Z,active,Starter,USD,59.00,month,1,1,,,',
  'kim,Kim Kang,kim@import.example,sub-k1,2025-06-15T10:00:00Z,trialing,Starter,USD,59.00,month,1,1,,,',
  '',
].join('\n');

// ── Stripe ─────────────────────────────────────────────────────────────────────────────────────
type StripePlan = { price: ReturnType<typeof price>; nickname: string };
const BASIC: StripePlan = { price: price({ id: 'price_ms_basic', amount: 2_900, product: 'prod_ms_basic' }), nickname: 'Basic' };
const PRO: StripePlan = { price: price({ id: 'price_ms_pro', amount: 9_900, product: 'prod_ms_pro' }), nickname: 'Pro' };
const BASIC_EUR: StripePlan = { price: price({ id: 'price_ms_basic_eur', amount: 4_900, currency: 'eur', product: 'prod_ms_basic' }), nickname: 'Basic (EUR)' };

/** A subscription on `plan`, its price carrying the plan's nickname (Stripe's plan name). */
function stripeSubscription(id: string, customer: string, plan: StripePlan, start: number, extra: { quantity?: number; status?: string; endedAt?: number; trialEnd?: number } = {}) {
  const s = subscription({ id, customer, price: plan.price, start, ...extra });
  return { ...s, items: { ...s.items, data: s.items.data.map((item) => ({ ...item, price: { ...item.price, nickname: plan.nickname } })) } };
}

function stripeCustomer(id: string, name: string, email: string, created: number): TestEvent {
  return event('customer.created', { id, object: 'customer', name, email, address: { country: 'US' }, currency: null, created, metadata: {} }, created);
}

function stripeEvents(): TestEvent[] {
  const sub = stripeSubscription;
  const created = (customer: string, name: string, email: string, s: ReturnType<typeof sub>, t: number) => [
    stripeCustomer(customer, name, email, t - 60),
    event('customer.subscription.created', s, t),
  ];
  return [
    ...created('cus_ms_alice', 'Alice Ames', 'alice@stripe.example', sub('sub_ms_alice', 'cus_ms_alice', BASIC, at('2025-01-10')), at('2025-01-10')),
    ...created('cus_ms_bob', 'Bob Brown', 'bob@stripe.example', sub('sub_ms_bob', 'cus_ms_bob', PRO, at('2025-01-15'), { quantity: 3 }), at('2025-01-15')),
    ...created('cus_ms_erin', 'Erin Evans', 'erin@mover.example', sub('sub_ms_erin', 'cus_ms_erin', BASIC, at('2025-01-20')), at('2025-01-20')),
    ...created('cus_ms_carol', 'Carol Chen', 'carol@stripe.example', sub('sub_ms_carol', 'cus_ms_carol', BASIC_EUR, at('2025-02-03')), at('2025-02-03')),
    ...created('cus_ms_liam', 'Liam Lee', 'liam@stripe.example', sub('sub_ms_liam', 'cus_ms_liam', BASIC, at('2025-02-20')), at('2025-02-20')),
    event('customer.subscription.updated', sub('sub_ms_alice', 'cus_ms_alice', PRO, at('2025-01-10')), at('2025-03-05')),
    event('customer.subscription.updated', sub('sub_ms_bob', 'cus_ms_bob', PRO, at('2025-01-15'), { quantity: 2 }), at('2025-04-10')),
    event('customer.subscription.deleted', sub('sub_ms_erin', 'cus_ms_erin', BASIC, at('2025-01-20'), { status: 'canceled', endedAt: at('2025-04-15') }), at('2025-04-15')),
    event('customer.subscription.deleted', sub('sub_ms_carol', 'cus_ms_carol', BASIC_EUR, at('2025-02-03'), { status: 'canceled', endedAt: at('2025-05-12') }), at('2025-05-12')),
    ...created('cus_ms_dan', 'Dan Diaz', 'dan@stripe.example', sub('sub_ms_dan', 'cus_ms_dan', PRO, at('2025-06-10'), { status: 'trialing', trialEnd: at('2025-06-24') }), at('2025-06-10')),
    event('customer.subscription.deleted', sub('sub_ms_liam', 'cus_ms_liam', BASIC, at('2025-02-20'), { status: 'canceled', endedAt: at('2025-06-12') }), at('2025-06-12')),
  ];
}

// ── PayPal ─────────────────────────────────────────────────────────────────────────────────────
const PLAN_CREATED = at('2024-12-01');
const PAYPAL_PLANS = [
  paypalPlan({ id: 'P-MSPLUS0000000000000000001', productId: 'PROD-MSPLUS', name: 'Plus', value: '35.00', created: PLAN_CREATED }),
  paypalPlan({ id: 'P-MSTEAM0000000000000000001', productId: 'PROD-MSTEAM', name: 'Team', value: '49.00', trial: { value: '0', intervalUnit: 'DAY', intervalCount: 14 }, created: PLAN_CREATED }),
  paypalPlan({ id: 'P-MSEURO0000000000000000001', productId: 'PROD-MSEURO', name: 'Euro', currency: 'EUR', value: '99.00', created: PLAN_CREATED }),
  paypalPlan({ id: 'P-MSEUROMAX000000000000001', productId: 'PROD-MSEURO', name: 'Euro Max', currency: 'EUR', value: '149.00', created: PLAN_CREATED }),
] as const;
const [PLUS, TEAM, EURO, EURO_MAX] = PAYPAL_PLANS;

const PAYERS = {
  erin: { payerId: 'MSERINPAYER01', email: 'erin@mover.example', givenName: 'Erin', surname: 'Evans' },
  frank: { payerId: 'MSFRANKPAYER1', email: 'frank@paypal.example', givenName: 'Frank', surname: 'Fischer' },
  greta: { payerId: 'MSGRETAPAYER1', email: 'greta@paypal.example', givenName: 'Greta', surname: 'Gruber', country: 'DE' },
} as const;

function paypalEvents() {
  const sub = (options: Omit<PaypalSubscriptionOptions, 'sandbox'>) => paypalSubscription({ ...options, sandbox: true });
  const send = (type: string, resource: Record<string, unknown>, time: number) => paypalEvent(type, resource, time, { sandbox: true });
  const frank1 = { id: 'I-MSFRANK00001', planId: TEAM.id, ...PAYERS.frank, start: at('2025-02-01') };
  return [
    ...PAYPAL_PLANS.map((plan) => send('BILLING.PLAN.CREATED', plan, PLAN_CREATED)),
    // Frank: a 14-day free trial, then Team $49 from the first regular payment.
    send('BILLING.SUBSCRIPTION.ACTIVATED', sub({ ...frank1, trial: { cyclesCompleted: 0 }, nextBillingTime: at('2025-02-15') }), at('2025-02-01')),
    send('BILLING.SUBSCRIPTION.UPDATED', sub({ ...frank1, trial: { cyclesCompleted: 1 }, regularCyclesCompleted: 1, lastPayment: { value: '49.00', time: at('2025-02-15') }, nextBillingTime: at('2025-03-15') }), at('2025-02-15')),
    send('PAYMENT.SALE.COMPLETED', paypalSale({ id: 'MSSALEFRANK01', subscriptionId: frank1.id, value: '49.00', fee: '1.92', created: at('2025-02-15') }), at('2025-02-15')),
    send('BILLING.SUBSCRIPTION.ACTIVATED', sub({ id: 'I-MSGRETA00001', planId: EURO.id, currency: 'EUR', ...PAYERS.greta, start: at('2025-03-01') }), at('2025-03-01')),
    send('BILLING.SUBSCRIPTION.CANCELLED', sub({ ...frank1, status: 'CANCELLED', statusUpdateTime: at('2025-03-20'), trial: { cyclesCompleted: 1 }, regularCyclesCompleted: 2 }), at('2025-03-20')),
    // Erin, from Stripe: the same e-mail, on the day her Stripe subscription ended.
    send('BILLING.SUBSCRIPTION.ACTIVATED', sub({ id: 'I-MSERIN000001', planId: PLUS.id, ...PAYERS.erin, start: at('2025-04-15', 11) }), at('2025-04-15', 11)),
    send('PAYMENT.SALE.COMPLETED', paypalSale({ id: 'MSSALEERIN001', subscriptionId: 'I-MSERIN000001', value: '35.00', fee: '1.37', created: at('2025-04-15', 11) }), at('2025-04-15', 11)),
    // Frank comes back on a new subscription.
    send('BILLING.SUBSCRIPTION.ACTIVATED', sub({ id: 'I-MSFRANK00002', planId: TEAM.id, ...PAYERS.frank, start: at('2025-05-05') }), at('2025-05-05')),
    // Greta's subscription revised to the Euro Max plan.
    send('BILLING.SUBSCRIPTION.UPDATED', sub({ id: 'I-MSGRETA00001', planId: EURO_MAX.id, currency: 'EUR', ...PAYERS.greta, start: at('2025-03-01'), statusUpdateTime: at('2025-06-02'), regularCyclesCompleted: 4 }), at('2025-06-02')),
  ];
}

// ── The workspace ──────────────────────────────────────────────────────────────────────────────

/** How the fixture reaches the server: its store (sources, rates, the import) and HTTP. */
export type FixtureTarget = {
  store: Store;
  box: SecretBox;
  workspaceId: string;
  /** POSTs `body` to `path` with `headers`; resolves to the HTTP status. */
  post(path: string, body: string, headers: Record<string, string>): Promise<number>;
  /** Lets the ingest worker apply everything stored so far. */
  drain(): Promise<unknown>;
  /** The URL of the test certificate PayPal deliveries name (test/helpers/paypal-cert.ts). */
  paypalCertUrl: string;
};

export type MultiSourceWorkspace = {
  workspaceId: string;
  sources: Record<SourceKind, string>;
  /** The stored customer id of each MRR_SPELLS key. */
  customerIds: Record<string, string>;
  import: ImportSummary;
};

export async function buildMultiSourceWorkspace(target: FixtureTarget): Promise<MultiSourceWorkspace> {
  const { store, box, workspaceId } = target;
  const db = store.db;
  await upsertFxRates(db, workspaceId, 'usd', EUR_USD_RATES, 'import');
  const stripe = await createSource(db, box, { workspaceId, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: STRIPE_SECRET });
  const paypal = await createSource(db, box, { workspaceId, provider: 'paypal', name: 'PayPal', mode: 'test', config: { ...PAYPAL } });

  // Delivered in the order the providers would send them.
  const deliveries = [
    ...stripeEvents().map((e) => ({ created: e.created, send: () => postStripe(target, stripe.id, e) })),
    ...paypalEvents().map((e) => ({ created: Date.parse(e.create_time) / 1000, send: () => postPaypal(target, paypal.id, e) })),
  ].sort((a, b) => a.created - b.created);
  for (const delivery of deliveries) await delivery.send();
  await target.drain();

  // Applied by the target's own worker (its clock), as the server applies webhooks.
  const imported = await runImport(store, IMPORT_CSV, { workspaceId, sourceName: 'Billing export', fileName: 'billing-export.csv', apply: 'queue' });
  if (imported.status !== 'completed') throw new Error(`the fixture's import was ${imported.status}: ${JSON.stringify(imported.errors)}`);
  await target.drain();

  const stripeIds: Record<string, string> = { alice: 'cus_ms_alice', bob: 'cus_ms_bob', carol: 'cus_ms_carol', erin: 'cus_ms_erin', liam: 'cus_ms_liam', dan: 'cus_ms_dan' };
  const paypalIds: Record<string, string> = { 'erin-paypal': `paypal_${PAYERS.erin.payerId}`, frank: `paypal_${PAYERS.frank.payerId}`, greta: `paypal_${PAYERS.greta.payerId}` };
  const importIds = Object.fromEntries(['hana', 'ivan', 'jun', 'kim'].map((key) => [key, `${imported.sourceId}:${key}`]));
  return {
    workspaceId,
    sources: { stripe: stripe.id, paypal: paypal.id, import: imported.sourceId },
    customerIds: { ...stripeIds, ...paypalIds, ...importIds },
    import: imported,
  };
}

async function postStripe(target: FixtureTarget, sourceId: string, e: TestEvent): Promise<void> {
  const { body, headers } = signedWebhook(e, STRIPE_SECRET, Math.floor(MULTI_SOURCE_NOW.getTime() / 1000));
  const status = await target.post(`/webhooks/stripe/${sourceId}`, body, headers);
  if (status !== 200) throw new Error(`Stripe ${e.type} ${e.id}: HTTP ${status}`);
}

async function postPaypal(target: FixtureTarget, sourceId: string, e: ReturnType<typeof paypalEvent>): Promise<void> {
  const body = JSON.stringify(e);
  const headers = signPaypalDelivery(body, { webhookId: PAYPAL.webhookId, transmissionTime: MULTI_SOURCE_NOW, certUrl: target.paypalCertUrl });
  const status = await target.post(`/webhooks/paypal/${sourceId}`, body, { 'content-type': 'application/json', ...headers });
  if (status !== 200) throw new Error(`PayPal ${e.event_type} ${e.id}: HTTP ${status}`);
}
