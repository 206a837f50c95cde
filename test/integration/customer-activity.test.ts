// GET /v1/customers/:id/activity: billing (ledger movements, payments, refunds) and product and
// success events (usage per event and day, tickets, surveys) in one list, newest first (ties by
// id), cursor-paged without gaps or repeats, nothing after the as-of instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityResponse, type ActivityItem } from '../../src/read/activity/contract.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';

const EXPECTED = [
  'payment:ch_a1', 'usage:2024-04-15:exports', 'usage:2024-04-15:api_call', 'ticket-closed:t1', 'ticket-opened:t1', 'usage:2024-04-14:api_call',
  'survey:s1', 'refund:re_0', 'payment:py_old', 'payment:py_fail', 'ledger:2024-02-15:usd', 'ledger:2024-01-10:usd',
];

describe.each(BACKENDS)('customer activity timeline (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let other: Workspace;
  let viewer: Caller;

  const get = async (query: string, caller = viewer) => {
    const r = await t.app.inject({ url: `/v1/customers/cus_a/activity?workspace=${ws.id}${query}`, headers: caller.headers });
    return { status: r.statusCode, body: r.json() };
  };
  const page = async (query: string) => {
    const r = await get(query);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return activityResponse.parse(r.body);
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'activity', name: 'Activity' });
    other = await ensureWorkspace(db.store.db, { slug: 'activity-other', name: 'Other' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    const d = db.store.db;
    const payment = (id: string, status: string, at: string, failure: string | null) => ({
      workspace_id: ws.id, payment_id: id, customer_id: 'cus_a', invoice_id: null, status, currency: 'usd', amount: 5000, amount_refunded: 0,
      failure_code: failure, created_at: new Date(at), record: '{}', version_at: 0,
    });
    await d.insertInto('payments').values([payment('py_old', 'succeeded', '2024-03-01T10:00:00Z', null), payment('py_fail', 'failed', '2024-03-01T09:00:00Z', 'card_declined')]).execute();
    await d.insertInto('refunds').values([
      { workspace_id: ws.id, refund_id: 're_0', payment_id: 'py_old', status: 'succeeded', currency: 'usd', amount: 1000, created_at: new Date('2024-03-02T10:00:00Z'), record: '{}', version_at: 0 },
      { workspace_id: ws.id, refund_id: 're_later', payment_id: 'py_old', status: 'succeeded', currency: 'usd', amount: 500, created_at: new Date('2024-04-16T10:00:00Z'), record: '{}', version_at: 0 },
    ]).execute();
    await d.insertInto('cs_accounts').values({ workspace_id: ws.id, account_id: 'acct_a', customer_id: 'cus_a', link_rule: 'manual', first_seen_at: FIXTURE_NOW, last_seen_at: FIXTURE_NOW }).execute();
    await d.insertInto('usage_daily').values([
      { workspace_id: ws.id, account_id: 'acct_a', day: '2024-04-15', event: 'api_call', events: 10, quantity: 10, users: 2 },
      { workspace_id: ws.id, account_id: 'acct_a', day: '2024-04-15', event: 'exports', events: 3, quantity: 3, users: 1 },
      { workspace_id: ws.id, account_id: 'acct_a', day: '2024-04-14', event: 'api_call', events: 5, quantity: 5, users: 1 },
      { workspace_id: ws.id, account_id: 'acct_a', day: '2024-04-16', event: 'api_call', events: 99, quantity: 99, users: 1 },
    ]).execute();
    await d.insertInto('support_tickets').values({
      workspace_id: ws.id, ticket_id: 't1', customer_id: 'cus_a', subject: 'Cannot export', status: 'closed', priority: 'high',
      opened_at: new Date('2024-04-14T08:00:00Z'), closed_at: new Date('2024-04-14T10:00:00Z'), first_response_at: null, satisfaction: 5, source: 'api', account_id: null, email: null,
    }).execute();
    await d.insertInto('survey_responses').values([
      { workspace_id: ws.id, response_id: 's1', kind: 'nps', customer_id: 'cus_a', score: 6, comment: 'Too slow', responded_at: new Date('2024-04-13T12:00:00Z'), source: 'csv', account_id: null, email: null },
      { workspace_id: ws.id, response_id: 's_other', kind: 'nps', customer_id: 'cus_c', score: 10, comment: null, responded_at: new Date('2024-04-13T12:00:00Z'), source: 'csv', account_id: null, email: null },
    ]).execute();
    viewer = await apiKeyCaller(t, ws.id, 'viewer');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('mixes billing, usage, tickets and surveys newest first, nothing after now', async () => {
    const all = await page('&limit=200');
    expect(all.data.map((i) => i.id)).toEqual(EXPECTED);
    expect(all.nextBefore).toBeNull();
    const byId = Object.fromEntries(all.data.map((i) => [i.id, i])) as Record<string, ActivityItem>;
    expect(byId['ledger:2024-01-10:usd']).toEqual({ id: 'ledger:2024-01-10:usd', kind: 'subscription_started', at: '2024-01-10T00:00:00.000Z', title: 'Subscription started', detail: 'MRR 0.00 USD → 50.00 USD', amount: { value: 5000, currency: 'usd' } });
    expect(byId['ledger:2024-02-15:usd']).toMatchObject({ kind: 'subscription_changed', detail: 'MRR 50.00 USD → 100.00 USD', amount: { value: 5000, currency: 'usd' } });
    expect(byId['payment:ch_a1']).toMatchObject({ kind: 'payment_succeeded', at: '2024-04-15T09:00:00.000Z', amount: { value: 10_000, currency: 'usd' } });
    expect(byId['payment:py_fail']).toMatchObject({ kind: 'payment_failed', detail: 'failure code card_declined' });
    expect(byId['refund:re_0']).toMatchObject({ kind: 'refund', amount: { value: -1000, currency: 'usd' }, detail: 'of payment py_old' });
    expect(byId['usage:2024-04-15:api_call']).toMatchObject({ kind: 'usage', title: '10 events of api_call', detail: '2 users', amount: null });
    expect(byId['ticket-opened:t1']).toMatchObject({ kind: 'ticket_opened', title: 'Ticket opened: Cannot export', detail: 'priority high' });
    expect(byId['ticket-closed:t1']).toMatchObject({ kind: 'ticket_closed', detail: 'satisfaction 5/5' });
    expect(byId['survey:s1']).toMatchObject({ kind: 'survey_response', title: 'NPS 6 (detractor)', detail: 'Too slow' });
  });

  it('pages with nextBefore without gaps or repeats', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const p = await page(`&limit=5${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      expect(p.data.length).toBeLessThanOrEqual(5);
      seen.push(...p.data.map((i) => i.id));
      before = p.nextBefore;
      pages += 1;
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toEqual(EXPECTED);
    // A page boundary inside a tie (two usage items at midnight of 15 April) loses nothing.
    const two = await page('&limit=2');
    expect(two.data.map((i) => i.id)).toEqual(EXPECTED.slice(0, 2));
    expect((await page(`&limit=2&before=${encodeURIComponent(two.nextBefore!)}`)).data.map((i) => i.id)).toEqual(EXPECTED.slice(2, 4));
  });

  it('reads as of an instant, and before an instant', async () => {
    const asOf = await page(`&asOf=${encodeURIComponent('2024-04-14T09:00:00Z')}`);
    expect(asOf.data.map((i) => i.id)).toEqual(EXPECTED.slice(4));
    const before = await page(`&before=${encodeURIComponent('2024-03-01T10:00:00Z')}`);
    expect(before.data.map((i) => i.id)).toEqual(EXPECTED.slice(9));
    expect((await get('&before=garbage')).body.error.code).toBe('RVP_VALIDATION');
  });

  it("answers 404 for a customer of another workspace", async () => {
    const key = await apiKeyCaller(t, other.id, 'viewer');
    const r = await t.app.inject({ url: `/v1/customers/cus_a/activity`, headers: key.headers });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('RVP_CUSTOMER_NOT_FOUND');
  });
});
