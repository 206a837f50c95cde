// The customer-signals loader against the hand-computed revenue fixture plus hand-inserted
// product usage, tickets and NPS answers: two accounts linked to one customer add up, nothing
// after the day or the as-of instant counts, and another workspace's rows never leak in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSignals } from '../../src/core/customer-signals.js';
import { asOf } from '../../src/read/clock.js';
import { loadCustomerSignals, loadKeyFeatures } from '../../src/read/success-signals/load.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, PRICES, fixtureEvents, storeFixture } from '../helpers/revenue-fixture.js';
import { event, subscription } from '../helpers/stripe-events.js';

const NOW = asOf(FIXTURE_NOW);
const EARLY = asOf(new Date('2024-04-15T09:30:00Z'));
const DAY = '2024-04-15';
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(BACKENDS)('customer signals loader (%s)', (backend) => {
  let db: TestDatabase;
  let app: TestApp;
  let a: Workspace;
  let b: Workspace;
  const byId = (rows: CustomerSignals[]) => new Map(rows.map((r) => [r.customerId, r]));

  async function account(ws: string, accountId: string, customerId: string | null, firstSeen: string) {
    await db.store.db.insertInto('cs_accounts').values({
      workspace_id: ws, account_id: accountId, customer_id: customerId, link_rule: customerId ? 'manual' : null, first_seen_at: firstSeen, last_seen_at: firstSeen,
    }).execute();
  }
  async function usage(ws: string, accountId: string, day: string, eventName: string, events: number) {
    await db.store.db.insertInto('usage_daily').values({ workspace_id: ws, account_id: accountId, day, event: eventName, events, quantity: events, users: 1 }).execute();
  }
  async function active(ws: string, accountId: string, userId: string, day: string) {
    await db.store.db.insertInto('user_activity_daily').values({ workspace_id: ws, account_id: accountId, user_id: userId, day, events: 1 }).execute();
  }
  async function ticket(ws: string, id: string, customerId: string, t0: { opened: string; status: 'open' | 'pending' | 'closed'; priority: 'low' | 'normal' | 'high' | 'urgent'; firstResponseHours?: number; closed?: string; satisfaction?: number }) {
    const opened = Date.parse(t0.opened);
    await db.store.db.insertInto('support_tickets').values({
      workspace_id: ws, ticket_id: id, customer_id: customerId, status: t0.status, priority: t0.priority, opened_at: t0.opened, source: 'api',
      first_response_at: t0.firstResponseHours === undefined ? null : new Date(opened + t0.firstResponseHours * 3_600_000),
      closed_at: t0.closed ? new Date(t0.closed) : null, satisfaction: t0.satisfaction ?? null,
    }).execute();
  }
  async function survey(ws: string, id: string, customerId: string, kind: 'nps' | 'csat', score: number, at: string) {
    await db.store.db.insertInto('survey_responses').values({ workspace_id: ws, response_id: id, kind, customer_id: customerId, score, responded_at: at, source: 'api' }).execute();
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    app = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'signals-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'signals-b', name: 'B' });
    const source = await createSource(db.store.db, app.ctx.box, { workspaceId: a.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_signals' });
    // cus_g: a forever 20% discount on its subscription.
    const gStart = t('2024-03-01T00:00:00Z');
    const discounted = {
      ...subscription({ id: 'sub_g', customer: 'cus_g', price: PRICES.basic, start: gStart }),
      discount: {
        id: 'di_g', object: 'discount', start: gStart, end: null, subscription: 'sub_g', customer: 'cus_g',
        coupon: { id: 'co_20', object: 'coupon', percent_off: 20, amount_off: null, currency: null, duration: 'forever', duration_in_months: null, valid: true },
      },
    };
    await storeFixture(db.store, a.id, source.id, [...fixtureEvents(), event('customer.subscription.created', discounted, gStart)]);
    await app.worker.drain();

    // Two accounts linked to cus_a, one unlinked, one linked to cus_c seen only at 11:00 today,
    // one linked to cus_d that went quiet in January.
    await account(a.id, 'acc_a1', 'cus_a', '2024-01-15T00:00:00Z');
    await account(a.id, 'acc_a2', 'cus_a', '2024-02-01T00:00:00Z');
    await account(a.id, 'acc_x', null, '2024-01-01T00:00:00Z');
    await account(a.id, 'acc_c', 'cus_c', '2024-04-15T11:00:00Z');
    await account(a.id, 'acc_d', 'cus_d', '2024-01-01T00:00:00Z');
    await usage(a.id, 'acc_a1', '2024-04-15', 'Report Created', 5);
    await usage(a.id, 'acc_a1', '2024-04-10', 'Report Created', 3);
    await usage(a.id, 'acc_a1', '2024-04-10', '$page', 10);
    await usage(a.id, 'acc_a1', '2024-03-20', 'Invite Sent', 4);
    await usage(a.id, 'acc_a1', '2024-03-01', 'Report Created', 20);
    await usage(a.id, 'acc_a1', '2024-04-16', 'Report Created', 100);
    await usage(a.id, 'acc_a2', '2024-04-09', 'Dashboard Viewed', 2);
    await usage(a.id, 'acc_a2', '2024-04-05', 'Report Created', 1);
    await usage(a.id, 'acc_x', '2024-04-15', 'Export Run', 50);
    await usage(a.id, 'acc_d', '2024-01-20', 'Report Created', 7);
    await active(a.id, 'acc_a1', 'u1', '2024-04-15');
    await active(a.id, 'acc_a1', 'u2', '2024-04-10');
    await active(a.id, 'acc_a2', 'u1', '2024-04-09');
    await active(a.id, 'acc_a1', 'u3', '2024-03-01');
    await active(a.id, 'acc_a1', 'u1', '2024-03-01');
    await active(a.id, 'acc_a1', 'u9', '2024-04-16');

    await ticket(a.id, 't1', 'cus_a', { opened: '2024-04-01T09:00:00Z', status: 'open', priority: 'high', firstResponseHours: 4 });
    await ticket(a.id, 't2', 'cus_a', { opened: '2024-04-05T09:00:00Z', status: 'closed', priority: 'normal', firstResponseHours: 10, closed: '2024-04-06T09:00:00Z', satisfaction: 4 });
    await ticket(a.id, 't3', 'cus_a', { opened: '2024-01-01T09:00:00Z', status: 'closed', priority: 'low', firstResponseHours: 100, closed: '2024-01-02T09:00:00Z', satisfaction: 1 });
    await ticket(a.id, 't4', 'cus_a', { opened: '2024-04-15T11:00:00Z', status: 'open', priority: 'urgent' });
    await ticket(a.id, 't5', 'cus_f', { opened: '2024-04-15T08:30:00Z', status: 'closed', priority: 'normal' });
    await survey(a.id, 's1', 'cus_a', 'nps', 9, '2024-03-01T10:00:00Z');
    await survey(a.id, 's2', 'cus_a', 'nps', 6, '2024-04-15T11:00:00Z');
    await survey(a.id, 's3', 'cus_a', 'csat', 2, '2024-04-14T10:00:00Z');

    // Workspace B reuses the same ids with very different numbers.
    await account(b.id, 'acc_a1', 'cus_a', '2024-01-01T00:00:00Z');
    await usage(b.id, 'acc_a1', '2024-04-15', 'Report Created', 1000);
    await active(b.id, 'acc_a1', 'u7', '2024-04-15');
    await ticket(b.id, 't1', 'cus_c', { opened: '2024-04-10T09:00:00Z', status: 'open', priority: 'urgent' });
    await survey(b.id, 's1', 'cus_c', 'nps', 0, '2024-04-10T10:00:00Z');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('revenue side: MRR now and 30 days ago in the reporting currency, tenure, trials, payments, discount', async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    expect([...rows.keys()]).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_d', 'cus_e', 'cus_f', 'cus_g']);
    expect(rows.get('cus_a')).toMatchObject({ day: DAY, planId: 'prod_basic', mrr: 10_000, mrr30DaysAgo: 10_000, paying: true, tenureDays: 96, trialing: false, failedPayments30d: 0, lastPaymentFailed: false, discounted: false });
    // €40 at 1.20 today, at 1.10 on 16 March.
    expect(rows.get('cus_c')).toMatchObject({ mrr: 4800, mrr30DaysAgo: 4400, paying: true });
    // Churned on 20 March: nothing now, $1,200/year = $100/month 30 days ago.
    expect(rows.get('cus_b')).toMatchObject({ mrr: 0, mrr30DaysAgo: 10_000, paying: false, tenureDays: 74 });
    expect(rows.get('cus_e')).toMatchObject({ paying: false, tenureDays: null, trialing: true, trialEndDay: '2024-04-24', planId: 'prod_pro' });
    expect(rows.get('cus_d')).toMatchObject({ paying: true, trialing: false, tenureDays: 1 });
    expect(rows.get('cus_f')).toMatchObject({ failedPayments30d: 1, lastPaymentFailed: false, tenureDays: 0 });
    expect(rows.get('cus_g')).toMatchObject({ discounted: true, paying: true });
  });

  it('usage: two linked accounts add up; page views and later days do not count; users counted once', async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    expect(rows.get('cus_a')!.usage).toEqual({
      activeDays30d: 5, events30d: 15, eventsPrev30d: 20, events7d: 10, eventsPrev7d: 1,
      activeUsers30d: 2, activeUsersPrev30d: 2, featuresUsed30d: ['Dashboard Viewed', 'Invite Sent', 'Report Created'], lastActiveDay: DAY,
    });
    // Linked but silent for 60 days: zeros with the last day it was active.
    expect(rows.get('cus_d')!.usage).toMatchObject({ events30d: 0, activeDays30d: 0, lastActiveDay: '2024-01-20' });
    // Linked today with no events yet: usage data exists (zeros); no linked account: null.
    expect(rows.get('cus_c')!.usage).toMatchObject({ events30d: 0, lastActiveDay: null });
    expect(rows.get('cus_e')!.usage).toBeNull();
  });

  it('support and NPS: open and urgent at the cut-off, medians and averages over 90 days', async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    expect(rows.get('cus_a')!.support).toEqual({ opened30d: 3, open: 2, openUrgent: 2, medianFirstResponseHours: 7, satisfactionAvg: 4 });
    // A closed ticket with no close time counts as closed.
    expect(rows.get('cus_f')!.support).toEqual({ opened30d: 1, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null });
    // The workspace has tickets: a customer without any has good news, not null.
    expect(rows.get('cus_c')!.support).toEqual({ opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null });
    expect(rows.get('cus_a')!.survey).toEqual({ latestScore: 6, latestDay: DAY });
    expect(rows.get('cus_c')!.survey).toBeNull();
  });

  it('as of 09:30: later payments, tickets, answers and account links are left out', async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: EARLY }));
    // f's retry at 10:00 has not happened: the latest attempt (08:01) failed.
    expect(rows.get('cus_f')).toMatchObject({ failedPayments30d: 1, lastPaymentFailed: true });
    expect(rows.get('cus_a')!.support).toMatchObject({ opened30d: 2, open: 1, openUrgent: 1 });
    expect(rows.get('cus_a')!.survey).toEqual({ latestScore: 9, latestDay: '2024-03-01' });
    expect(rows.get('cus_c')!.usage).toBeNull();
    // A day after the as-of day reads as the as-of day.
    const later = await loadCustomerSignals(db.store.db, a.id, { day: '2024-05-01', asOf: EARLY });
    expect(later.map((r) => r.day)).toEqual(later.map(() => DAY));
  });

  it('a past day: customers not yet signed up are absent, windows move with the day', async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: '2024-03-25', asOf: NOW }));
    expect([...rows.keys()]).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_g']);
    expect(rows.get('cus_b')).toMatchObject({ mrr: 0, paying: false });
    expect(rows.get('cus_a')!.usage).toMatchObject({ events30d: 24, eventsPrev30d: 0, lastActiveDay: '2024-03-20' });
    // January's ticket is within 90 days of 25 March.
    expect(rows.get('cus_a')!.support).toEqual({ opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: 100, satisfactionAvg: 1 });
  });

  it('only the given customers, the same as in the full load', async () => {
    const all = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    const some = await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW, customerIds: ['cus_c', 'cus_a', 'cus_nope'] });
    expect(some).toEqual([all.get('cus_a'), all.get('cus_c')]);
  });

  it("another workspace's accounts, tickets and answers never leak in", async () => {
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    expect(rows.get('cus_a')!.usage!.events30d).toBe(15);
    expect(rows.get('cus_c')!.support!.open).toBe(0);
    expect(rows.get('cus_c')!.survey).toBeNull();
    // B has no billing customers at all.
    expect(await loadCustomerSignals(db.store.db, b.id, { day: DAY, asOf: NOW })).toEqual([]);
  });

  it('key features: the configured list, else the workspace top names by events', async () => {
    expect(await loadKeyFeatures(db.store.db, a.id, { day: DAY, asOf: NOW, configured: ['X'], top: 5 })).toEqual(['X']);
    expect(await loadKeyFeatures(db.store.db, a.id, { day: DAY, asOf: NOW, configured: [], top: 3 })).toEqual(['Export Run', 'Report Created', 'Invite Sent']);
  });

  it('the limits loader is given each customer and its plan', async () => {
    const rows = await loadCustomerSignals(db.store.db, a.id, {
      day: DAY, asOf: NOW, customerIds: ['cus_a', 'cus_e'],
      limits: async (_db, _ws, input) => new Map(input.customers.map((c) => [c.customerId, [{ metric: `plan:${c.planId}`, used: 1, limit: 2, ratio: 0.5 }]])),
    });
    expect(rows.map((r) => r.limits[0]?.metric)).toEqual(['plan:prod_basic', 'plan:prod_pro']);
  });
  it("by default, usage against the plan's stored limits", async () => {
    await db.store.db.insertInto('plan_limits').values([
      { workspace_id: a.id, plan_id: 'prod_basic', metric: '$seats', limit_value: 5, period: 'month' },
      { workspace_id: a.id, plan_id: 'prod_basic', metric: 'Report Created', limit_value: 10, period: 'month' },
    ]).execute();
    const rows = byId(await loadCustomerSignals(db.store.db, a.id, { day: DAY, asOf: NOW }));
    // April: 5 + 3 from acc_a1 and 1 from acc_a2; u1 and u2 active in the last 30 days.
    expect(rows.get('cus_a')!.limits).toEqual([
      { metric: '$seats', used: 2, limit: 5, ratio: 0.4 },
      { metric: 'Report Created', used: 9, limit: 10, ratio: 0.9 },
    ].sort((x, y) => (x.metric < y.metric ? -1 : 1)));
    // cus_c is on Basic too (in euros), with nothing used; Pro has no limits.
    expect(rows.get('cus_c')!.limits.map((l) => l.used)).toEqual([0, 0]);
    expect(rows.get('cus_e')!.limits).toEqual([]);
  });
});
