// Every screen agrees on the month in progress. The monthly table's current month, the summary, the
// movements and the series are read as of the same instant and the ledger's rows dated later this
// month — a coupon ending on the 25th — are scheduled, never current: the table once counted them (the MRR, ARPA and expansion of the month then disagreed
// with the summary). On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { FIXTURE_NOW, PRICES, fixtureEvents, storeFixture } from '../helpers/revenue-fixture.js';
import { event, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Customer g: Basic $50 at 50% off for one month from 25 March 2024 — the ledger holds the
 *  expansion back to $50 on 25 April, ten days after FIXTURE_NOW (15 April). */
function couponEndingThisMonth(): TestEvent[] {
  const start = t('2024-03-25T09:00:00Z');
  const sub = subscription({ id: 'sub_g', customer: 'cus_g', price: PRICES.basic, start });
  const discount = {
    id: 'di_g', object: 'discount', checkout_session: null, customer: 'cus_g', end: t('2024-04-25T09:00:00Z'), invoice: null, invoice_item: null,
    promotion_code: null, start, subscription: 'sub_g', subscription_item: null,
    coupon: { id: 'HALF1', object: 'coupon', amount_off: null, created: start - 86_400, currency: null, duration: 'repeating', duration_in_months: 1, livemode: false, max_redemptions: null, metadata: {}, name: 'Half off, one month', percent_off: 50, redeem_by: null, times_redeemed: 1, valid: true },
  };
  return [event('customer.subscription.created', { ...sub, discount, discounts: ['di_g'] }, start)];
}

describe.each(BACKENDS)('the month in progress agrees on every screen (%s)', (backend) => {
  let db: TestDatabase;
  let app: TestApp;
  let ws: Workspace;
  let headers: Record<string, string>;
  const get = async (path: string) => {
    const response = await app.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    app = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'mtd', name: 'Month to date' });
    const source = await createSource(db.store.db, app.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_mtd' });
    await storeFixture(db.store, ws.id, source.id, [...fixtureEvents(), ...couponEndingThisMonth()]);
    await app.worker.drain();
    headers = (await apiKeyCaller(app, ws.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('the monthly table\'s current month is the summary\'s MRR, customers and ARPA, to today', async () => {
    const summary = await get('/v1/metrics/summary');
    const monthly = await get('/v1/metrics/monthly');
    const april = monthly.months.at(-1);
    // The fixture's $198.00 and g's $25.00 (half of Basic): g's coupon ends on the 25th, not yet.
    expect(summary).toMatchObject({ mrr: 22_300, payingCustomers: 5, arpa: 4460 });
    expect(april).toMatchObject({ month: '2024-04', through: '2024-04-15', mrr: summary.mrr, arr: summary.arr, customers: summary.payingCustomers, arpa: summary.arpa });
    // No expansion yet this month: g's +$25.00 is dated the 25th.
    expect(april.movements.expansion).toBe(0);
    // The complete months carry no `through`.
    expect(monthly.months.slice(0, -1).every((m: { through?: string }) => m.through === undefined)).toBe(true);
  });

  it('movements and series of the month end today and say the same', async () => {
    const monthly = await get('/v1/metrics/monthly');
    const april = monthly.months.at(-1);
    const movements = await get('/v1/metrics/movements?granularity=month&from=2024-04-01&to=2024-04-30');
    expect(movements.to).toBe('2024-04-15');
    expect(movements.periods).toHaveLength(1);
    expect(movements.periods[0]).toMatchObject({ period: '2024-04', end: '2024-04-15', mrr: april.mrr, movements: april.movements });
    for (const metric of ['mrr', 'arpa', 'expansion', 'new', 'customers'] as const) {
      const series = await get(`/v1/metrics/series?metric=${metric}&granularity=month&from=2024-01-01&to=2024-12-31`);
      expect(series.to, metric).toBe('2024-04-15');
      const last = series.points.at(-1);
      const expected = { mrr: april.mrr, arpa: april.arpa, expansion: april.movements.expansion, new: april.movements.new, customers: april.customers }[metric];
      expect(last, metric).toMatchObject({ period: '2024-04', end: '2024-04-15', value: expected });
    }
  });

  it('names what is scheduled apart from MRR: the coupon ending', async () => {
    const summary = await get('/v1/metrics/summary');
    // g's coupon ends on the 25th (+$25.00). (e's trial ending on the 24th is not in the ledger: a
    // trial's outcome is not known before it happens.)
    expect(summary.scheduled).toEqual({ committedMrr: 22_300 + 2500, change: 2500, changes: 1, firstDay: '2024-04-25', lastDay: '2024-04-25' });
    // Read as of the 26th… which is after now: it reads as now.
    const later = await get(`/v1/metrics/summary?asOf=${encodeURIComponent('2024-04-26T00:00:00Z')}`);
    expect(later.mrr).toBe(summary.mrr);
    expect(later.asOf).toBe(FIXTURE_NOW.toISOString());
  });

  it('as of an earlier instant, every view stops at that day', async () => {
    const asOf = encodeURIComponent('2024-03-31T18:00:00Z');
    const summary = await get(`/v1/metrics/summary?asOf=${asOf}`);
    const monthly = await get(`/v1/metrics/monthly?asOf=${asOf}`);
    // End of March: a $100 + c €40 at 1.20 + g $25 = 173.00; March is complete, no April.
    expect(summary).toMatchObject({ mrr: 17_300, payingCustomers: 3, asOf: '2024-03-31T18:00:00.000Z', today: { day: '2024-03-31' } });
    expect(monthly.months.at(-1)).toMatchObject({ month: '2024-03', mrr: 17_300, customers: 3 });
    expect(monthly.months.at(-1).through).toBeUndefined();
    // MoM like for like: 31 March against the last day of February (29th): (173 − 200) ÷ 200.
    expect(summary.sameDayLastMonth).toMatchObject({ day: '2024-02-29', mrr: 20_000 });
    expect(summary.growth.mom.value).toBeCloseTo((17_300 - 20_000) / 20_000, 12);
  });
});
