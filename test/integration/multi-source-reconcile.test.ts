// Issue 15's acceptance: a workspace fed by signed Stripe webhooks, signed PayPal webhooks and a
// subscription import, in USD and EUR, reconciles every month — the bridge (start MRR + new +
// expansion + reactivation + contraction + churn + fx = end MRR) holds exactly in minor units, every
// movement and each source's MRR equal the figures written down by hand from the fixture's
// prices (test/helpers/multi-source-fixture.ts), one person's move from Stripe to PayPal is
// neither churn nor new, and a full rebuild leaves every figure identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyCaller, type Caller } from '../helpers/auth.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { derivedState } from '../helpers/derived-state.js';
import { EXPECTED_MONTHS, MRR_SPELLS, MULTI_SOURCE_MONTHS, MULTI_SOURCE_NOW, buildMultiSourceWorkspace, handMrrAt, type MultiSourceWorkspace, type SourceKind } from '../helpers/multi-source-fixture.js';
import { startPaypalCertServer, type PaypalCertServer } from '../helpers/paypal-cert.js';
import { lastDayOfMonth } from '../../src/core/dates.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { ensureWorkspace, findWorkspace } from '../../src/store/workspaces-repo.js';

type Movements = Record<'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'fx', number>;
type MovementPeriod = { period: string; mrrStart: number; mrr: number; movements: Movements; netNewMrr: number; customersStart: number; customers: number; newCustomers: number; reactivatedCustomers: number; churnedCustomers: number };
type MonthRow = { month: string; mrr: number; customers: number; movements: Movements; through?: string };
type ExplainLine = { customerId: string | null; currency: string | null; amount: number };

const ERIN_MOVE_DAY = '2025-04-15';

describe.each(BACKENDS)('a workspace with Stripe, PayPal and an import (%s)', (backend) => {
  let db: TestDatabase;
  let certs: PaypalCertServer;
  let t: TestApp;
  let caller: Caller;
  let fixture: MultiSourceWorkspace;
  /** Stored customer id → the customer it counts as (customer_identities; itself when absent). */
  let canonical: (customerId: string) => string;

  const get = async <T>(path: string): Promise<T> => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${fixture.workspaceId}`, headers: caller.headers });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response.json() as T;
  };
  const monthly = () => get<{ currency: string; months: MonthRow[] }>('/v1/metrics/monthly?from=2025-01&to=2025-06');
  const movements = () => get<{ periods: MovementPeriod[] }>('/v1/metrics/movements?from=2025-01-01&to=2025-06-30&granularity=month');

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    certs = await startPaypalCertServer();
    t = await buildTestApp(db.store, { now: () => MULTI_SOURCE_NOW, paypalCertSource: certs.certSource, env: { REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000' } });
    const ws = await ensureWorkspace(db.store.db, { slug: 'multi-source', name: 'Multi-source' });
    caller = await apiKeyCaller(t, ws.id, 'viewer');
    fixture = await buildMultiSourceWorkspace({
      store: db.store,
      box: t.ctx.box,
      workspaceId: ws.id,
      paypalCertUrl: certs.certUrl,
      post: async (url, payload, headers) => (await t.app.inject({ method: 'POST', url, payload, headers })).statusCode,
      drain: () => t.worker.drain(),
    });
    const links = await db.store.db.selectFrom('customer_identities').select(['customer_id', 'canonical_id']).where('workspace_id', '=', ws.id).execute();
    const byAlias = new Map(links.map((l) => [l.customer_id, l.canonical_id]));
    canonical = (id) => byAlias.get(id) ?? id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await certs?.close();
    await db?.drop();
  });

  it('stored every delivery and every imported row, and dropped none', async () => {
    expect(fixture.import).toMatchObject({ status: 'completed', rows: 7, valid: 7, invalid: 0 });
    const raw = await db.store.db
      .selectFrom('raw_events')
      .select(['source_id', 'type', 'processed_at', 'drop_reason', 'drop_detail'])
      .where('workspace_id', '=', fixture.workspaceId)
      .execute();
    const bySource = (id: string) => raw.filter((r) => r.source_id === id);
    expect(bySource(fixture.sources.stripe)).toHaveLength(17);
    expect(bySource(fixture.sources.paypal)).toHaveLength(13);
    expect(bySource(fixture.sources.import).length).toBeGreaterThanOrEqual(7);
    expect(raw.filter((r) => r.processed_at === null), 'every event applied').toEqual([]);
    expect(raw.filter((r) => r.drop_reason !== null).map((r) => `${r.type}: ${r.drop_reason} (${r.drop_detail})`)).toEqual([]);
  });

  it('reconciles every month exactly: start MRR + new + expansion + reactivation + contraction + churn + fx = end MRR', async () => {
    const { periods } = await movements();
    expect(periods.map((p) => p.period)).toEqual([...MULTI_SOURCE_MONTHS]);
    let previousEnd = 0;
    for (const p of periods) {
      const m = p.movements;
      expect(p.mrrStart, `${p.period} starts where the month before ended`).toBe(previousEnd);
      expect(p.mrrStart + m.new + m.expansion + m.reactivation + m.contraction + m.churn + m.fx, p.period).toBe(p.mrr);
      expect(p.netNewMrr, p.period).toBe(m.new + m.expansion + m.reactivation + m.contraction + m.churn);
      for (const value of [p.mrrStart, p.mrr, ...Object.values(m)]) expect(Number.isInteger(value), `${p.period}: ${value}`).toBe(true);
      expect(p.customersStart + p.newCustomers + p.reactivatedCustomers - p.churnedCustomers, `${p.period} customers`).toBe(p.customers);
      previousEnd = p.mrr;
    }
  });

  it("every month's MRR, paying customers and movements equal the hand-computed figures", async () => {
    const report = await monthly();
    expect(report.currency).toBe('usd');
    const got = report.months.map((m) => ({ month: m.month, mrr: m.mrr, customers: m.customers, movements: m.movements }));
    expect(got).toEqual(EXPECTED_MONTHS);
    expect(report.months.at(-1)!.through).toBe('2025-06-20');
    const summary = await get<{ mrr: number; payingCustomers: number; activeTrials: number; unconverted: unknown[]; currency: string }>('/v1/metrics/summary');
    expect(summary).toMatchObject({ currency: 'usd', mrr: 70_720, payingCustomers: 8, activeTrials: 2, unconverted: [] });
  });

  it("each source's MRR at every month's end equals its prices, by hand", async () => {
    const sourceOf = new Map(MRR_SPELLS.map((s) => [fixture.customerIds[s.key]!, s.source]));
    for (const month of MULTI_SOURCE_MONTHS) {
      const day = month === '2025-06' ? '2025-06-20' : lastDayOfMonth(month);
      // By hand: each customer's price at that day, under the customer it counts as.
      const expected = new Map<string, number>();
      for (const spell of MRR_SPELLS) {
        const mrr = handMrrAt(spell, day);
        if (mrr === 0) continue;
        const key = `${canonical(fixture.customerIds[spell.key]!)} ${spell.currency}`;
        expected.set(key, (expected.get(key) ?? 0) + mrr);
      }
      const explained = await get<{ total: number; lineCount: number; lines: ExplainLine[] }>(`/v1/explain?metric=mrr&date=${day}&limit=1000`);
      const lines = new Map(explained.lines.map((l) => [`${l.customerId} ${l.currency}`, l.amount]));
      expect(lines, `customers' MRR at ${day}`).toEqual(expected);
      expect(explained.total, day).toBe(EXPECTED_MONTHS.find((m) => m.month === month)!.mrr);

      // And per source: the lines of each source's customers (a linked customer by the day's provider).
      const perSource = (kind: SourceKind, currency: string) =>
        MRR_SPELLS.filter((s) => s.source === kind && s.currency === currency).reduce((sum, s) => sum + handMrrAt(s, day), 0);
      const apiPerSource = (kind: SourceKind, currency: string) =>
        explained.lines
          .filter((l) => l.currency === currency && l.customerId !== null)
          .reduce((sum, l) => sum + (sourceAt(l.customerId!, day) === kind ? l.amount : 0), 0);
      const sourceAt = (id: string, at: string) => (id === canonical(fixture.customerIds['erin']!) && at >= ERIN_MOVE_DAY && canonical(fixture.customerIds['erin-paypal']!) === id ? 'paypal' : sourceOf.get(id));
      for (const kind of ['stripe', 'paypal', 'import'] as const) {
        for (const currency of ['usd', 'eur']) expect(apiPerSource(kind, currency), `${kind} ${currency} at ${day}`).toBe(perSource(kind, currency));
      }
    }
  });

  type ListedCustomer = { id: string; name: string | null; email: string | null; planName: string | null; currency: string | null; mrr: number; status: string };
  const customers = async () => (await get<{ data: ListedCustomer[] }>('/v1/customers?limit=200')).data;

  it('lists every customer once, each with its name, e-mail, status and plan, whatever its source', async () => {
    const list = await customers();
    const byName = Object.fromEntries(list.map((c) => [c.name, [c.status, c.planName, c.currency, c.mrr]]));
    // Erin once (her Stripe and PayPal customers are one); each source's own plan names.
    expect(byName).toEqual({
      'Alice Ames': ['active', 'Pro', 'usd', 9_900],
      'Bob Brown': ['active', 'Pro', 'usd', 19_800],
      'Carol Chen': ['churned', 'Basic (EUR)', 'eur', 0],
      'Dan Diaz': ['trialing', 'Pro', 'usd', 0],
      'Erin Evans': ['active', 'Plus', 'usd', 3_500],
      'Liam Lee': ['churned', 'Basic', 'usd', 0],
      'Frank Fischer': ['active', 'Team', 'usd', 4_900],
      'Greta Gruber': ['active', 'Euro Max', 'eur', 14_900],
      'Hana Hill': ['active', 'Yearly', 'usd', 2_000],
      'Ivan Ivanov': ['active', 'Seats', 'eur', 5_700],
      'Jun Jones': ['active', 'Starter', 'usd', 5_900],
      'Kim Kang': ['trialing', 'Starter', 'usd', 0],
    });
    expect(list).toHaveLength(12);
    for (const c of list) expect(c.email, c.id).toMatch(/@/);
  });

  it("opens every paying customer's profile, each subscription at its own source's price", async () => {
    const paying = (await customers()).filter((c) => c.mrr > 0);
    const subscriptions = new Map<string, { mrr: number; currency: string; plan: string | null }>();
    for (const c of paying) {
      const profile = await get<{ subscriptions: { subscriptionId: string; mrr: number; currency: string; plan: { planName: string } | null }[] }>(`/v1/customers/${encodeURIComponent(c.id)}`);
      for (const s of profile.subscriptions) if (s.mrr > 0) subscriptions.set(s.subscriptionId, { mrr: s.mrr, currency: s.currency, plan: s.plan?.planName ?? null });
    }
    const imported = (id: string) => `${fixture.sources.import}:${id}`;
    expect(Object.fromEntries(subscriptions)).toEqual({
      sub_ms_alice: { mrr: 9_900, currency: 'usd', plan: 'Pro' },
      sub_ms_bob: { mrr: 19_800, currency: 'usd', plan: 'Pro' },
      'I-MSERIN000001': { mrr: 3_500, currency: 'usd', plan: 'Plus' },
      'I-MSFRANK00002': { mrr: 4_900, currency: 'usd', plan: 'Team' },
      'I-MSGRETA00001': { mrr: 14_900, currency: 'eur', plan: 'Euro Max' },
      [imported('sub-h1')]: { mrr: 2_000, currency: 'usd', plan: 'Yearly' },
      [imported('sub-i1')]: { mrr: 5_700, currency: 'eur', plan: 'Seats' },
      [imported('sub-j2')]: { mrr: 5_900, currency: 'usd', plan: 'Starter' },
    });
  });

  it('Erin moving from Stripe to PayPal on one day is one customer: neither churn nor new, the price difference is expansion', async () => {
    const stripeErin = fixture.customerIds['erin']!;
    const paypalErin = fixture.customerIds['erin-paypal']!;
    expect(canonical(paypalErin), 'the PayPal customer counts as the Stripe one (same e-mail)').toBe(canonical(stripeErin));
    const april = (await movements()).periods.find((p) => p.period === '2025-04')!;
    expect(april).toMatchObject({ newCustomers: 0, churnedCustomers: 0, reactivatedCustomers: 0, customersStart: 8, customers: 8 });
    expect(april.movements).toMatchObject({ new: 0, churn: 0, expansion: 600 });
    const profile = await get<{ movements: { day: string; movement: string; amount: number }[] }>(`/v1/customers/${encodeURIComponent(canonical(stripeErin))}`);
    expect(profile.movements.map((m) => [m.day, m.movement, m.amount])).toEqual([
      ['2025-01-20', 'new', 2_900],
      [ERIN_MOVE_DAY, 'expansion', 600],
    ]);
  });

  it('a full rebuild leaves every derived row and every figure identical', async () => {
    const before = { state: await derivedState(db.store.db, fixture.workspaceId), monthly: await monthly(), movements: await movements(), summary: await get('/v1/metrics/summary') };
    const workspace = (await findWorkspace(db.store.db, fixture.workspaceId))!;
    const rebuilt = await rebuildWorkspace(db.store.db, workspace, MULTI_SOURCE_NOW);
    expect(rebuilt.failed).toBe(0);
    const after = { state: await derivedState(db.store.db, fixture.workspaceId), monthly: await monthly(), movements: await movements(), summary: await get('/v1/metrics/summary') };
    expect(after.state).toEqual(before.state);
    expect(after.monthly).toEqual(before.monthly);
    expect(after.movements).toEqual(before.movements);
    expect(after.summary).toEqual(before.summary);
  });
});
