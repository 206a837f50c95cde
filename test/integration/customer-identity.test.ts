// One customer across sources (issue 15, point 8): two sources of one workspace (two Stripe
// accounts, each with its own signed webhook) whose customers share an e-mail are one customer in
// the ledger, the day totals and the customers list. A move from one source to the other on the
// same day is neither churn nor new; with a gap it is churn, then reactivation. Linking and
// unlinking by hand recompute history, and every state equals a rebuild from scratch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember } from '../helpers/auth.js';
import { derivedState } from '../helpers/derived-state.js';
import { event, price, signedWebhook, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { mrrLevelsAt } from '../../src/store/ledger-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';
import { ensureWorkspace, findWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const NOW = new Date('2025-04-01T12:00:00Z');
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) / 1000;
let slug = 0;

type Setup = { ws: Workspace; one: Source; two: Source; headers: Record<string, string> };

describe.each(BACKENDS)('one customer across sources (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function setup(): Promise<Setup> {
    const ws = await ensureWorkspace(db.store.db, { slug: `identity-${++slug}`, name: `Identity ${slug}` });
    const one = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe US', mode: 'test', webhookSecret: `whsec_one_${slug}` });
    const two = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe EU', mode: 'test', webhookSecret: `whsec_two_${slug}` });
    const owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    return { ws, one, two, headers: owner.headers };
  }

  async function post(source: Source, events: readonly TestEvent[]): Promise<void> {
    for (const e of events) {
      const { body, headers } = signedWebhook(e, secretOf.get(source.id)!, NOW.getTime() / 1000);
      const res = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.worker.drain();
  }
  const secretOf = new Map<string, string>();
  async function sources(): Promise<Setup> {
    const s = await setup();
    secretOf.set(s.one.id, `whsec_one_${slug}`);
    secretOf.set(s.two.id, `whsec_two_${slug}`);
    return s;
  }

  const customer = (id: string, email: string | null, created: number) =>
    event('customer.created', { id, object: 'customer', email, name: `Name of ${id}`, address: null, currency: null, created, metadata: {}, livemode: false }, created);
  /** A subscription from `start`, and (with `end`) its cancellation then. */
  const subscribed = (customerId: string, amount: number, start: number, end?: number) => {
    const sub = subscription({ customer: customerId, price: price({ amount }), start });
    const events = [event('customer.subscription.created', sub, start)];
    if (end !== undefined) events.push(event('customer.subscription.deleted', { ...sub, status: 'canceled', canceled_at: end, ended_at: end }, end));
    return events;
  };

  const ledgerOf = async (workspaceId: string) =>
    (await db.store.db.selectFrom('ledger_entries').select(['customer_id', 'day', 'movement', 'delta', 'mrr']).where('workspace_id', '=', workspaceId).orderBy('day').orderBy('customer_id').execute())
      .map((r) => ({ ...r, day: String(r.day).slice(0, 10) }));
  const linksOf = async (workspaceId: string) =>
    db.store.db.selectFrom('customer_identities').select(['customer_id', 'canonical_id', 'rule']).where('workspace_id', '=', workspaceId).orderBy('customer_id').execute();
  const summaryIds = async (workspaceId: string) =>
    (await db.store.db.selectFrom('customer_summaries').select('customer_id').where('workspace_id', '=', workspaceId).orderBy('customer_id').execute()).map((r) => r.customer_id);
  const metricDay = async (workspaceId: string, day: string) =>
    db.store.db.selectFrom('metric_days').selectAll().where('workspace_id', '=', workspaceId).where('day', '=', day).executeTakeFirst();

  /** The derived tables now equal a rebuild from scratch. */
  async function expectRebuildEqual(ws: Workspace): Promise<void> {
    const incremental = await derivedState(db.store.db, ws.id);
    await rebuildWorkspace(db.store.db, (await findWorkspace(db.store.db, ws.id))!, NOW);
    expect(await derivedState(db.store.db, ws.id)).toEqual(incremental);
  }

  it('a move to another source on the same day under the same e-mail is an expansion, not churn and new', async () => {
    const { ws, one, two, headers } = await sources();
    await post(one, [customer('cus_erin_us', 'Erin@Example.com', at('2025-01-05')), ...subscribed('cus_erin_us', 2_900, at('2025-01-05'), at('2025-03-01'))]);
    await post(two, [customer('cus_erin_eu', '  erin@example.COM ', at('2025-03-01', 11)), ...subscribed('cus_erin_eu', 3_500, at('2025-03-01', 11))]);

    expect(await linksOf(ws.id)).toEqual([{ customer_id: 'cus_erin_eu', canonical_id: 'cus_erin_us', rule: 'email' }]);
    expect(await ledgerOf(ws.id)).toEqual([
      { customer_id: 'cus_erin_us', day: '2025-01-05', movement: 'new', delta: 2_900, mrr: 2_900 },
      { customer_id: 'cus_erin_us', day: '2025-03-01', movement: 'expansion', delta: 600, mrr: 3_500 },
    ]);
    expect(await metricDay(ws.id, '2025-03-01')).toMatchObject({ new: 0, churn: 0, expansion: 600, new_customers: 0, churned_customers: 0 });
    // The list shows the person once; paying customers agree with the ledger's count.
    const list = await t.app.inject({ url: `/v1/customers?workspace=${ws.id}`, headers });
    expect(list.json().data.map((c: { id: string; mrr: number }) => [c.id, c.mrr])).toEqual([['cus_erin_us', 3_500]]);
    expect(list.json().total).toBe((await mrrLevelsAt(db.store.db, ws.id, '2025-04-01')).payingCustomers);
    // The profile carries the other source's subscription and names the linked customer.
    const profile = (await t.app.inject({ url: `/v1/customers/cus_erin_us?workspace=${ws.id}`, headers })).json();
    expect(profile.linked).toEqual([{ customerId: 'cus_erin_eu', sourceId: two.id, rule: 'email' }]);
    expect(profile.sources.sort()).toEqual([one.id, two.id].sort());
    expect(profile.subscriptions.filter((s: { mrr: number }) => s.mrr > 0).map((s: { mrr: number }) => s.mrr)).toEqual([3_500]);
    // The alias's own address shows the canonical customer.
    const alias = (await t.app.inject({ url: `/v1/customers/cus_erin_eu?workspace=${ws.id}`, headers })).json();
    expect(alias.customer.id).toBe('cus_erin_us');
    await expectRebuildEqual(ws);
  });

  it('the same MRR on both sides moves nothing; a gap of days is churn, then reactivation', async () => {
    const { ws, one, two } = await sources();
    await post(one, [customer('cus_same_us', 'same@example.com', at('2025-01-05')), ...subscribed('cus_same_us', 2_900, at('2025-01-05'), at('2025-03-01'))]);
    await post(two, [customer('cus_same_eu', 'same@example.com', at('2025-03-01', 11)), ...subscribed('cus_same_eu', 2_900, at('2025-03-01', 11))]);
    await post(one, [customer('cus_gap_us', 'gap@example.com', at('2025-01-06')), ...subscribed('cus_gap_us', 2_900, at('2025-01-06'), at('2025-03-01'))]);
    await post(two, [customer('cus_gap_eu', 'gap@example.com', at('2025-03-10')), ...subscribed('cus_gap_eu', 4_900, at('2025-03-10'))]);

    expect(await ledgerOf(ws.id)).toEqual([
      { customer_id: 'cus_same_us', day: '2025-01-05', movement: 'new', delta: 2_900, mrr: 2_900 },
      { customer_id: 'cus_gap_us', day: '2025-01-06', movement: 'new', delta: 2_900, mrr: 2_900 },
      { customer_id: 'cus_gap_us', day: '2025-03-01', movement: 'churn', delta: -2_900, mrr: 0 },
      { customer_id: 'cus_gap_us', day: '2025-03-10', movement: 'reactivation', delta: 4_900, mrr: 4_900 },
    ]);
    expect(await summaryIds(ws.id)).toEqual(['cus_gap_us', 'cus_same_us']);
    await expectRebuildEqual(ws);
  });

  it('linking after the fact recomputes history once, unlinking restores two customers, and rebuilds agree', async () => {
    const { ws, one, two, headers } = await sources();
    await post(one, [customer('cus_old', 'old@example.com', at('2025-01-05')), ...subscribed('cus_old', 2_900, at('2025-01-05'), at('2025-03-01'))]);
    await post(two, [customer('cus_new', 'renamed@example.org', at('2025-03-01', 11)), ...subscribed('cus_new', 2_500, at('2025-03-01', 11))]);
    expect(await linksOf(ws.id)).toEqual([]);
    expect(await metricDay(ws.id, '2025-03-01')).toMatchObject({ new: 2_500, churn: -2_900, new_customers: 1, churned_customers: 1 });
    const separate = await derivedState(db.store.db, ws.id);

    const put = await t.app.inject({ method: 'PUT', url: `/v1/customer-links/cus_new?workspace=${ws.id}`, headers, payload: { canonicalId: 'cus_old' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ customerId: 'cus_new', canonicalId: 'cus_old', rule: 'mapping' });
    expect(await metricDay(ws.id, '2025-03-01')).toMatchObject({ new: 0, churn: 0, contraction: -400, new_customers: 0, churned_customers: 0 });
    expect(await summaryIds(ws.id)).toEqual(['cus_old']);
    const list = (await t.app.inject({ url: `/v1/customer-links?workspace=${ws.id}`, headers })).json();
    expect(list.data).toEqual([expect.objectContaining({ customerId: 'cus_new', canonicalId: 'cus_old', rule: 'mapping' })]);
    await expectRebuildEqual(ws);
    const audit = await db.store.db.selectFrom('audit_log').select(['action']).where('workspace_id', '=', ws.id).where('action', 'like', 'customers.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['customers.linked']);

    const del = await t.app.inject({ method: 'DELETE', url: `/v1/customer-links/cus_new?workspace=${ws.id}`, headers });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toEqual({ unlinked: { customerId: 'cus_new', canonicalId: 'cus_old', rule: 'mapping' } });
    expect(await derivedState(db.store.db, ws.id)).toEqual(separate);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/customer-links/cus_new?workspace=${ws.id}`, headers });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('RVP_CUSTOMER_LINK_NOT_FOUND');
  });

  it('two customers of one source with one e-mail stay two', async () => {
    const { ws, one } = await sources();
    await post(one, [customer('cus_twin_a', 'twin@example.com', at('2025-01-05')), customer('cus_twin_b', 'TWIN@example.com', at('2025-01-06')), ...subscribed('cus_twin_a', 1_000, at('2025-01-05')), ...subscribed('cus_twin_b', 2_000, at('2025-01-06'))]);
    expect(await linksOf(ws.id)).toEqual([]);
    expect(await summaryIds(ws.id)).toEqual(['cus_twin_a', 'cus_twin_b']);
  });

  it('a mapping wins over e-mail; an unlinked e-mail match stays unlinked when the customer changes', async () => {
    const { ws, one, two, headers } = await sources();
    await post(one, [customer('cus_m_us', 'm@example.com', at('2025-01-05')), customer('cus_m_other', 'other@example.com', at('2025-01-05')), ...subscribed('cus_m_us', 1_000, at('2025-01-05')), ...subscribed('cus_m_other', 3_000, at('2025-01-05'))]);
    await post(two, [customer('cus_m_eu', 'm@example.com', at('2025-02-01')), ...subscribed('cus_m_eu', 2_000, at('2025-02-01'))]);
    expect(await linksOf(ws.id)).toEqual([{ customer_id: 'cus_m_eu', canonical_id: 'cus_m_us', rule: 'email' }]);

    const put = await t.app.inject({ method: 'PUT', url: `/v1/customer-links/cus_m_eu?workspace=${ws.id}`, headers, payload: { canonicalId: 'cus_m_other' } });
    expect(put.statusCode, put.body).toBe(200);
    const updated = (created: number) => event('customer.updated', { id: 'cus_m_eu', object: 'customer', email: 'm@example.com', name: 'M again', address: null, currency: null, created: at('2025-02-01'), metadata: {}, livemode: false }, created);
    await post(two, [updated(at('2025-03-01'))]);
    expect(await linksOf(ws.id)).toEqual([{ customer_id: 'cus_m_eu', canonical_id: 'cus_m_other', rule: 'mapping' }]);
    expect(await summaryIds(ws.id)).toEqual(['cus_m_other', 'cus_m_us']);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/customer-links/cus_m_eu?workspace=${ws.id}`, headers })).statusCode).toBe(200);
    await post(two, [updated(at('2025-03-02'))]);
    expect(await linksOf(ws.id)).toEqual([]);
    expect(await summaryIds(ws.id)).toEqual(['cus_m_eu', 'cus_m_other', 'cus_m_us']);
    await expectRebuildEqual(ws);
  });

  it('refuses a cycle, a self-link and a customer of another workspace; a link to an alias resolves to its canonical', async () => {
    const { ws, one, two, headers } = await sources();
    const other = await sources();
    await post(other.one, [customer('cus_elsewhere', null, at('2025-01-05'))]);
    await post(one, [customer('cus_c1', null, at('2025-01-05')), customer('cus_c3', null, at('2025-01-05')), customer('cus_c4', null, at('2025-01-05')), ...subscribed('cus_c1', 1_000, at('2025-01-05'))]);
    await post(two, [customer('cus_c2', null, at('2025-01-07')), ...subscribed('cus_c2', 500, at('2025-01-07'))]);
    const link = (id: string, canonicalId: string) => t.app.inject({ method: 'PUT', url: `/v1/customer-links/${id}?workspace=${ws.id}`, headers, payload: { canonicalId } });

    expect((await link('cus_c2', 'cus_c1')).statusCode).toBe(200);
    expect(await ledgerOf(ws.id)).toEqual([
      { customer_id: 'cus_c1', day: '2025-01-05', movement: 'new', delta: 1_000, mrr: 1_000 },
      { customer_id: 'cus_c1', day: '2025-01-07', movement: 'expansion', delta: 500, mrr: 1_500 },
    ]);
    const cycle = await link('cus_c1', 'cus_c2');
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error).toMatchObject({ code: 'RVP_CUSTOMER_LINK_REFUSED', message: expect.stringMatching(/cycle/) });
    expect((await link('cus_c1', 'cus_c1')).json().error.code).toBe('RVP_CUSTOMER_LINK_REFUSED');
    const foreign = await link('cus_c1', 'cus_elsewhere');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'RVP_CUSTOMER_NOT_FOUND', message: expect.stringMatching(/cus_elsewhere.*another workspace/) });
    // cus_c3 → cus_c2 (an alias of cus_c1) is stored as cus_c3 → cus_c1: no chains.
    expect((await link('cus_c3', 'cus_c2')).json()).toMatchObject({ customerId: 'cus_c3', canonicalId: 'cus_c1' });
    expect(await linksOf(ws.id)).toEqual([
      { customer_id: 'cus_c2', canonical_id: 'cus_c1', rule: 'mapping' },
      { customer_id: 'cus_c3', canonical_id: 'cus_c1', rule: 'mapping' },
    ]);
    const unlinkCanonical = await t.app.inject({ method: 'DELETE', url: `/v1/customer-links/cus_c1?workspace=${ws.id}`, headers });
    expect(unlinkCanonical.json().error.message).toMatch(/canonical customer of cus_c2, cus_c3/);
    // Linking the canonical elsewhere carries its aliases along: still one level.
    expect((await link('cus_c1', 'cus_c4')).statusCode).toBe(200);
    expect(await linksOf(ws.id)).toEqual([
      { customer_id: 'cus_c1', canonical_id: 'cus_c4', rule: 'mapping' },
      { customer_id: 'cus_c2', canonical_id: 'cus_c4', rule: 'mapping' },
      { customer_id: 'cus_c3', canonical_id: 'cus_c4', rule: 'mapping' },
    ]);
    expect(await ledgerOf(ws.id)).toEqual([
      { customer_id: 'cus_c4', day: '2025-01-05', movement: 'new', delta: 1_000, mrr: 1_000 },
      { customer_id: 'cus_c4', day: '2025-01-07', movement: 'expansion', delta: 500, mrr: 1_500 },
    ]);
    expect(await summaryIds(ws.id)).toEqual(['cus_c4']);
    await expectRebuildEqual(ws);
  });
});
