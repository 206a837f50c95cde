// MRR by plan / by currency and payment health through the API, on PGlite and PostgreSQL: a read
// as of an instant counts nothing dated after its day (the ledger holds a scheduled change, a
// payment can be dated after the as-of day), and the failure reasons sum exactly to the failed
// total — over a multi-currency fixture chosen so that converting each reason on its own would not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { FIXTURE_NOW, PRICES, fixtureEvents, storeFixture } from '../helpers/revenue-fixture.js';
import { event, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { createFxTable } from '../../src/core/fx.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Customer g: Basic $50 at 50% off for one month from 5 April 2024 — the ledger already holds
 *  the expansion back to $50 on 5 May, after FIXTURE_NOW. */
function scheduledDiscountEvents(): TestEvent[] {
  const start = t('2024-04-05T09:00:00Z');
  const sub = subscription({ id: 'sub_g', customer: 'cus_g', price: PRICES.basic, start });
  const discount = {
    id: 'di_g', object: 'discount', checkout_session: null, customer: 'cus_g', end: t('2024-05-05T09:00:00Z'), invoice: null, invoice_item: null,
    promotion_code: null, start, subscription: 'sub_g', subscription_item: null,
    coupon: { id: 'HALF1', object: 'coupon', amount_off: null, created: start - 86_400, currency: null, duration: 'repeating', duration_in_months: 1, livemode: false, max_redemptions: null, metadata: {}, name: 'Half off, one month', percent_off: 50, redeem_by: null, times_redeemed: 1, valid: true },
  };
  return [event('customer.subscription.created', { ...sub, discount, discounts: ['di_g'] }, start)];
}

type Charge = { id: string; currency: string; amount: number; status: 'succeeded' | 'failed'; at: string; decline?: string };
function chargeEvent(c: Charge): TestEvent {
  const failed = c.status === 'failed';
  const created = t(c.at);
  return event(`charge.${c.status}`, {
    id: c.id, object: 'charge', amount: c.amount, amount_captured: failed ? 0 : c.amount, amount_refunded: 0, currency: c.currency,
    customer: 'cus_pay', payment_intent: null, status: c.status, captured: !failed, refunded: false, disputed: false,
    failure_code: failed ? 'card_declined' : null, failure_message: failed ? 'Your card was declined.' : null,
    outcome: failed ? { type: 'issuer_declined', reason: c.decline ?? 'generic_decline' } : { type: 'authorized', reason: null },
    created, invoice: `in_${c.id}`, livemode: false,
  }, created);
}

/** Failed charges in three currencies, several reasons a day: GBP at 1.2 with amounts ending in 3
 *  rounds each reason up (1003 → 1203.6 → 1204) but the day's sum only once. */
const PAY_FX = [
  { currency: 'eur', day: '2024-01-01', rate: '1.0837' },
  { currency: 'gbp', day: '2024-01-01', rate: '1.2' },
];
const CHARGES: Charge[] = [
  { id: 'ch_1', currency: 'gbp', amount: 1003, status: 'failed', at: '2024-04-12T08:00:00Z', decline: 'insufficient_funds' },
  { id: 'ch_2', currency: 'gbp', amount: 2003, status: 'failed', at: '2024-04-12T09:00:00Z', decline: 'expired_card' },
  { id: 'ch_3', currency: 'gbp', amount: 3003, status: 'failed', at: '2024-04-12T10:00:00Z', decline: 'do_not_honor' },
  { id: 'ch_4', currency: 'gbp', amount: 503, status: 'failed', at: '2024-04-12T11:00:00Z', decline: 'insufficient_funds' },
  { id: 'ch_5', currency: 'eur', amount: 1999, status: 'failed', at: '2024-04-12T12:00:00Z', decline: 'insufficient_funds' },
  { id: 'ch_6', currency: 'eur', amount: 2999, status: 'failed', at: '2024-04-12T13:00:00Z', decline: 'card_velocity_exceeded' },
  { id: 'ch_7', currency: 'eur', amount: 1499, status: 'failed', at: '2024-04-13T08:00:00Z', decline: 'expired_card' },
  { id: 'ch_8', currency: 'gbp', amount: 4003, status: 'failed', at: '2024-04-13T09:00:00Z', decline: 'expired_card' },
  { id: 'ch_9', currency: 'gbp', amount: 1503, status: 'failed', at: '2024-04-13T10:00:00Z', decline: 'insufficient_funds' },
  { id: 'ch_10', currency: 'usd', amount: 1000, status: 'failed', at: '2024-04-14T10:00:00Z', decline: 'generic_decline' },
  { id: 'ch_11', currency: 'eur', amount: 5000, status: 'succeeded', at: '2024-04-14T11:00:00Z' },
  // Created on FIXTURE_NOW's day: counted now, not as of the day before.
  { id: 'ch_12', currency: 'gbp', amount: 7003, status: 'failed', at: '2024-04-15T07:00:00Z', decline: 'do_not_honor' },
];

describe.each(BACKENDS)('breakdowns and payments as of an instant (%s)', (backend) => {
  let db: TestDatabase;
  let app: TestApp;
  let fixture: Workspace;
  let payments: Workspace;
  const get = async (ws: Workspace, path: string) => {
    const headers = (await apiKeyCaller(app, ws.id, 'viewer')).headers;
    const response = await app.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
    return { status: response.statusCode, body: response.json() };
  };
  const ok = async (ws: Workspace, path: string) => {
    const r = await get(ws, path);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    app = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    fixture = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture' });
    const source = await createSource(db.store.db, app.ctx.box, { workspaceId: fixture.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, fixture.id, source.id, [...fixtureEvents(), ...scheduledDiscountEvents()]);
    payments = await ensureWorkspace(db.store.db, { slug: 'payments', name: 'Payments' });
    const paySource = await createSource(db.store.db, app.ctx.box, { workspaceId: payments.id, provider: 'stripe', name: 'p', mode: 'test', webhookSecret: 'whsec_pay' });
    await upsertFxRates(db.store.db, payments.id, 'usd', PAY_FX);
    await storeEvents(db.store, CHARGES.map(chargeEvent).map((e) => ({ workspaceId: payments.id, sourceId: paySource.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    await app.worker.drain();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('the ledger holds a change dated after now, and by-plan never counts it', async () => {
    const future = await sql<{ n: number }>`select count(*)::int as n from ledger_entries where workspace_id = ${fixture.id} and day > '2024-04-15'`.execute(db.store.db);
    expect(future.rows[0]!.n).toBeGreaterThan(0);
    const now = await ok(fixture, '/v1/metrics/by-plan');
    // Basic: a $100 + f $20 + c €40 (= $48) + g $50 at half price ($25); Pro: d $30.
    expect(now.date).toBe('2024-04-15');
    expect(now.plans.map((p: { planId: string; mrr: number }) => [p.planId, p.mrr])).toEqual([['prod_basic', 19_300], ['prod_pro', 3000]]);
    expect(now.mrr).toBe(22_300);
    // A day after the as-of day reads as the as-of day: g's discount ending on 5 May is scheduled, not current.
    const later = await ok(fixture, '/v1/metrics/by-plan?date=2024-05-10');
    expect(later).toEqual(now);
    const byCurrencyLater = await ok(fixture, '/v1/metrics/by-currency?date=2024-05-10');
    expect(byCurrencyLater).toMatchObject({ date: '2024-04-15', mrr: 22_300 });
  });

  it('by-plan and by-currency at a past as-of ignore every later row', async () => {
    const asOf = await ok(fixture, '/v1/metrics/by-plan?asOf=2024-03-10T18:00:00Z');
    expect(asOf.date).toBe('2024-03-10');
    // 10 March: a $100 (Basic), b $1,200/yr ($100, Pro), c €40 at 1.10 ($44, Basic).
    expect(asOf.plans.map((p: { planId: string; mrr: number }) => [p.planId, p.mrr])).toEqual([['prod_basic', 14_400], ['prod_pro', 10_000]]);
    expect(asOf.mrr).toBe(24_400);
    // A later `date` with an earlier asOf reads at the as-of day.
    expect(await ok(fixture, '/v1/metrics/by-plan?date=2024-04-15&asOf=2024-03-10T18:00:00Z')).toEqual(asOf);
    const currencies = await ok(fixture, '/v1/metrics/by-currency?asOf=2024-03-10T18:00:00Z');
    expect(currencies).toMatchObject({ date: '2024-03-10', mrr: 24_400, currencies: [{ currency: 'usd', native: 20_000, mrr: 20_000, customers: 2 }, { currency: 'eur', native: 4000, mrr: 4400, customers: 1, rate: '1.1' }] });
    expect(currencies.currencies.reduce((s: number, c: { mrr: number }) => s + c.mrr, 0)).toBe(currencies.mrr);
  });

  it('the forecast as of a past instant fits only the months before it', async () => {
    const forecast = await ok(fixture, '/v1/metrics/forecast?horizon=2&months=12&asOf=2024-03-20T00:00:00Z');
    expect(forecast.history).toEqual([{ month: '2024-01', mrr: 5000 }, { month: '2024-02', mrr: 20_000 }]);
    expect(forecast.forecast.map((p: { month: string }) => p.month)).toEqual(['2024-03', '2024-04']);
  });

  it('failed payments: the reasons sum exactly to the card, in three currencies', async () => {
    const h = await ok(payments, '/v1/payments/health?from=2024-04-01&to=2024-04-30');
    expect(h.to).toBe('2024-04-15');
    const failed = CHARGES.filter((c) => c.status === 'failed');
    expect(h.failed.count).toBe(failed.length);
    // Independently: each (day, currency) sum converted once.
    const fx = createFxTable(PAY_FX, 'usd');
    const byDay = new Map<string, { day: string; currency: string; amount: number }>();
    for (const c of failed) {
      const key = `${c.at.slice(0, 10)}|${c.currency}`;
      const seen = byDay.get(key) ?? byDay.set(key, { day: c.at.slice(0, 10), currency: c.currency, amount: 0 }).get(key)!;
      seen.amount += c.amount;
    }
    const expected = [...byDay.values()].reduce((s, g) => s + fx.convert(g.amount, g.currency, g.day), 0);
    expect(h.failed.amount).toBe(expected);
    // The fixture matters: converting each reason's daily sum on its own would not add up.
    const perReason = new Map<string, number>();
    for (const c of failed) {
      const key = `${c.at.slice(0, 10)}|${c.currency}|${c.decline}`;
      perReason.set(key, (perReason.get(key) ?? 0) + c.amount);
    }
    const separately = [...perReason].reduce((s, [key, amount]) => s + fx.convert(amount, key.split('|')[1]!, key.split('|')[0]!), 0);
    expect(separately).not.toBe(expected);
    // One computation, two displays.
    expect(h.declines.reduce((s: number, d: { amount: number }) => s + d.amount, 0)).toBe(h.failed.amount);
    expect(h.declines.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(h.failed.count);
    expect(h.declines.map((d: { code: string }) => d.code).sort()).toEqual(['card_velocity_exceeded', 'do_not_honor', 'expired_card', 'generic_decline', 'insufficient_funds']);
    // And the periods sum to the range.
    const daily = await ok(payments, '/v1/payments/health?from=2024-04-01&to=2024-04-30&granularity=day');
    expect(daily.series.reduce((s: number, p: { failed: { amount: number } }) => s + p.failed.amount, 0)).toBe(h.failed.amount);
    expect(daily.failed).toEqual(h.failed);
  });

  it('payments as of a past instant leave out what was created after its day', async () => {
    const h = await ok(payments, '/v1/payments/health?from=2024-04-01&to=2024-04-30&asOf=2024-04-14T23:59:00Z');
    expect(h.to).toBe('2024-04-14');
    expect(h.failed.count).toBe(CHARGES.filter((c) => c.status === 'failed' && c.at < '2024-04-15').length);
    expect(h.declines.find((d: { code: string }) => d.code === 'do_not_honor')).toMatchObject({ count: 1 });
    expect(h.declines.reduce((s: number, d: { amount: number }) => s + d.amount, 0)).toBe(h.failed.amount);
    const none = await get(payments, '/v1/payments/health?from=2024-04-16&to=2024-04-30');
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/from.*2024-04-16.*after the as-of day.*2024-04-15/);
    const badAsOf = await get(payments, '/v1/payments/health?asOf=yesterday');
    expect(badAsOf.status).toBe(400);
    expect(badAsOf.body.error.message).toMatch(/asOf/);
  });
});
