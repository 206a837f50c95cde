// The customers list and profile, explain (its lines and groups sum to the figures the other
// endpoints report), and CSV export (parsed back, it equals the JSON; it needs exports:create and
// is audit-logged) — on the hand-computed fixture business.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { flatten } from '../../src/api/csv.js';

type Json = Record<string, unknown>;

/** Cents as the decimal a person reads, computed here independently of the server: 1234 → "12.34". */
function cents(minor: number): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A flattened JSON row as CSV cells: null is empty, everything else its string form. */
function cells(row: Json): Record<string, string> {
  return Object.fromEntries(Object.entries(flatten(row)).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** JSON rows as the CSV table: one column per field of any row (an optional field absent from a
 *  row, such as a rate's `reason`, is an empty cell). */
function table(rows: readonly Json[]): Record<string, string>[] {
  const flat = rows.map(cells);
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return flat.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? ''])));
}

describe.each(BACKENDS)('customers, explain and CSV (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let viewer: Record<string, string>;
  let analyst: Record<string, string>;
  const inject = (path: string, headers = viewer) => t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
  const get = async (path: string) => {
    const response = await inject(path);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    viewer = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
    analyst = (await apiKeyCaller(t, ws.id, 'analyst')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists customers by MRR (converted for sorting), with their status and plan', async () => {
    const { data, nextCursor } = await get('/v1/customers');
    expect(nextCursor).toBeNull();
    expect(data.map((c: Json) => [c.id, c.status, c.currency, c.mrr, c.planName])).toEqual([
      ['cus_a', 'active', 'usd', 10_000, 'Basic'],
      ['cus_c', 'active', 'eur', 4000, 'Basic'], // €40 sorts as $48
      ['cus_d', 'active', 'usd', 3000, 'Pro'],
      ['cus_f', 'active', 'usd', 2000, 'Basic'],
      ['cus_e', 'trialing', 'usd', 0, 'Pro'],
      ['cus_b', 'churned', 'usd', 0, 'Pro'],
    ]);
    expect(data[0]).toMatchObject({ name: 'Alice Anderson', email: 'alice@example.com', country: 'US', signupDay: '2024-01-10', firstPaidDay: '2024-01-10', subscriptions: 1 });
  });

  it('searches, filters, sorts and paginates', async () => {
    const ids = async (path: string) => (await get(path)).data.map((c: Json) => c.id);
    expect(await ids('/v1/customers?q=ALICE')).toEqual(['cus_a']);
    expect(await ids('/v1/customers?q=example.fr')).toEqual(['cus_c']);
    expect(await ids('/v1/customers?status=churned,trialing')).toEqual(['cus_e', 'cus_b']);
    expect(await ids('/v1/customers?currency=EUR')).toEqual(['cus_c']);
    expect(await ids('/v1/customers?country=se')).toEqual(['cus_f']);
    expect(await ids('/v1/customers?plan=prod_pro')).toEqual(['cus_d', 'cus_e', 'cus_b']);
    expect(await ids('/v1/customers?mrrMin=3000&mrrMax=5000')).toEqual(['cus_c', 'cus_d']);
    expect(await ids('/v1/customers?signupFrom=2024-04-01&sort=signup')).toEqual(['cus_d', 'cus_e', 'cus_f']);
    expect(await ids('/v1/customers?sort=name&status=active')).toEqual(['cus_d', 'cus_a', 'cus_c', 'cus_f']); // cus_d has no name
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Json[]; nextCursor: string | null } = await get(`/v1/customers?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((c) => c.id as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['cus_a', 'cus_c', 'cus_d', 'cus_f', 'cus_e', 'cus_b']);
  });

  it('shows one customer with subscriptions, payments and every movement with its event', async () => {
    const a = await get('/v1/customers/cus_a');
    expect(a.customer).toMatchObject({ id: 'cus_a', mrr: 10_000 });
    expect(a.subscriptions).toEqual([expect.objectContaining({ subscriptionId: 'sub_a', status: 'active', mrr: 10_000, plans: [{ planId: 'prod_basic', planName: 'Basic', amount: 10_000 }] })]);
    expect(a.movements.map((m: Json) => [m.day, m.movement, m.amount, m.mrr, m.eventType])).toEqual([
      ['2024-01-10', 'new', 5000, 5000, 'customer.subscription.created'],
      ['2024-02-15', 'expansion', 5000, 10_000, 'customer.subscription.updated'],
    ]);
    expect(a.payments).toEqual([expect.objectContaining({ id: 'ch_a1', status: 'succeeded', amount: 10_000 })]);
    const f = await get('/v1/customers/cus_f');
    expect(f.payments.map((p: Json) => [p.id, p.status, p.declineCode])).toEqual([['ch_f2', 'succeeded', null], ['ch_f1', 'failed', 'insufficient_funds']]);
    const missing = await inject('/v1/customers/cus_nobody');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('RVP_CUSTOMER_NOT_FOUND');
  });

  it('reads a customer as of an instant of today: nothing created after it; an earlier day is refused with the reason', async () => {
    // cus_f's charges: failed at 08:01, succeeded at 10:00 (the clock is 12:00).
    const at9 = await get(`/v1/customers/cus_f?asOf=${encodeURIComponent('2024-04-15T09:00:00Z')}`);
    expect(at9.asOf).toBe('2024-04-15T09:00:00.000Z');
    expect(at9.payments.map((p: Json) => p.id)).toEqual(['ch_f1']);
    expect((await get('/v1/customers/cus_f')).payments.map((p: Json) => p.id)).toEqual(['ch_f2', 'ch_f1']);
    const later = await get(`/v1/customers/cus_f?asOf=${encodeURIComponent('2030-01-01T00:00:00Z')}`);
    expect(later.asOf).toBe(FIXTURE_NOW.toISOString()); // a later instant reads as now
    for (const path of ['/v1/customers/cus_f?asOf=2024-04-14T23:59:59Z', '/v1/customers?asOf=2024-03-01T00:00:00Z']) {
      const refused = await inject(path);
      expect(refused.statusCode, path).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringMatching(/asOf: customers are read as they stand today \(2024-04-15\)/) });
    }
  });

  it('explains MRR and movements with lines summing exactly to the figures', async () => {
    const summary = await get('/v1/metrics/summary');
    const mrr = await get('/v1/explain?metric=mrr&date=2024-04-15');
    expect(mrr.total).toBe(summary.mrr);
    expect(mrr.groups).toEqual([{ currency: 'eur', native: 4000, reporting: 4800, lines: 1 }, { currency: 'usd', native: 15_000, reporting: 15_000, lines: 3 }]);
    // Largest contribution first (in the reporting currency: €40 counts as $48).
    expect(mrr.lines.map((l: Json) => [l.customerId, l.currency, l.amount, l.reporting])).toEqual([['cus_a', 'usd', 10_000, 10_000], ['cus_c', 'eur', 4000, 4800], ['cus_d', 'usd', 3000, 3000], ['cus_f', 'usd', 2000, 2000]]);
    expect(mrr.lineCount).toBe(4);
    expect(mrr.lines.reduce((s: number, l: Json) => s + (l.reporting as number), 0)).toBe(summary.mrr);
    for (const g of mrr.groups) expect(mrr.lines.filter((l: Json) => l.currency === g.currency).reduce((s: number, l: Json) => s + (l.amount as number), 0)).toBe(g.native);

    const movements = await get('/v1/metrics/movements?granularity=month&from=2024-03-01&to=2024-03-31');
    const march = movements.periods[0];
    for (const metric of ['new', 'churn', 'fx', 'net_new_mrr'] as const) {
      const e = await get(`/v1/explain?metric=${metric}&from=2024-03-01&to=2024-03-31`);
      const figure = metric === 'net_new_mrr' ? march.netNewMrr : march.movements[metric];
      expect(e.total, metric).toBe(figure);
      expect(e.groups.reduce((s: number, g: Json) => s + (g.reporting as number), 0)).toBe(figure);
    }
    const churn = await get('/v1/explain?metric=churn&from=2024-03-01&to=2024-03-31');
    expect(churn.lines).toEqual([{ customerId: 'cus_b', name: null, currency: 'usd', amount: -10_000, reporting: -10_000, days: ['2024-03-20'] }]);
    const customers = await get('/v1/explain?metric=customers&date=2024-04-15');
    expect(customers.total).toBe(summary.payingCustomers);
    const newCustomers = await get('/v1/explain?metric=new_customers&from=2024-04-01&to=2024-04-30');
    expect(newCustomers.lines.map((l: Json) => [l.customerId, l.days])).toEqual([['cus_d', ['2024-04-14']], ['cus_f', ['2024-04-15']]]);

    const first = await get('/v1/explain?metric=mrr&date=2024-04-15&limit=3');
    const rest = await get(`/v1/explain?metric=mrr&date=2024-04-15&limit=3&cursor=${first.nextCursor}`);
    expect([...first.lines, ...rest.lines]).toEqual(mrr.lines);
    expect([first.lineCount, first.total, rest.lineCount, rest.total]).toEqual([4, mrr.total, 4, mrr.total]);
    expect(rest.nextCursor).toBeNull();
  });

  it('exports CSV that parses back to the JSON, for lists and series: amounts in major units with their currency (or minor with amounts=minor)', async () => {
    // Each export's money columns (a pattern over the flattened names), all in the reporting currency (USD) but by-plan's byCurrency.<code>.
    const endpoints: [string, (body: Json) => Json[], RegExp | null][] = [
      ['/v1/metrics/monthly?from=2024-01&to=2024-04', (b) => b.months as Json[], /^(mrr|arr|arpa|movements\..+)$/],
      ['/v1/metrics/series?metric=mrr&granularity=week&from=2024-03-01&to=2024-04-15&compare=previous_period', (b) => b.points as Json[], /^(value|compare\.value)$/],
      ['/v1/metrics/series?metric=customer_churn_rate&granularity=month&from=2024-01-01&to=2024-04-15', (b) => b.points as Json[], null],
      ['/v1/metrics/movements?granularity=month&from=2024-01-01&to=2024-04-30', (b) => b.periods as Json[], /^(mrrStart|movements\..+|netNewMrr|mrr)$/],
      ['/v1/metrics/churn?granularity=month&from=2024-01-01&to=2024-04-30', (b) => b.periods as Json[], /^(mrrStart|churnedMrr|contractionMrr)$/],
      ['/v1/metrics/by-plan?date=2024-04-15', (b) => b.plans as Json[], /^(mrr|byCurrency\..+)$/],
      ['/v1/metrics/cohorts?kind=revenue&maxAge=4', (b) => b.cohorts as Json[], /^(startMrr|values\..+)$/],
      ['/v1/payments/health?from=2024-04-01&to=2024-04-15&granularity=day', (b) => b.series as Json[], /\.amount$/],
      ['/v1/metrics/trials?granularity=week&from=2024-03-25&to=2024-04-15', (b) => b.periods as Json[], null],
    ];
    for (const [path, rowsOf, money] of endpoints) {
      const answered = await inject(path);
      expect(answered.statusCode, `${path}: ${answered.body}`).toBe(200);
      const expected = table(rowsOf(answered.json()));
      const withCurrency = (rows: Record<string, string>[], amount: (cell: string) => string) =>
        money === null ? rows : rows.map((r) => ({ currency: 'usd', ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, money.test(k) && v !== '' ? amount(v) : v])) }));
      const csv = await inject(`${path}&format=csv`, analyst);
      expect(csv.statusCode, `${path}: ${csv.body}`).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
      expect(parse(csv.body, { columns: true }), path).toEqual(withCurrency(expected, (minor) => cents(Number(minor))));
      if (money) expect(csv.body, path).toMatch(/\d\.\d\d\b/); // decimals, not cents
      const minor = await inject(`${path}&format=csv&amounts=minor`, analyst);
      expect(parse(minor.body, { columns: true }), `${path} (minor)`).toEqual(withCurrency(expected, (cell) => cell));
    }
    // The same through Accept, with the list endpoints' own row shapes.
    const customers = await get('/v1/customers?status=active');
    const csv = await t.app.inject({ url: `/v1/customers?status=active&workspace=${ws.id}`, headers: { ...analyst, accept: 'text/csv' } });
    // The customer's MRR in its own currency (€40.00 for cus_c), mrrByCurrency as JSON of decimals.
    expect(parse(csv.body, { columns: true })).toEqual(customers.data.map((c: Json) => cells({
      ...c, mrr: cents(c.mrr as number), mrrByCurrency: JSON.stringify(Object.fromEntries(Object.entries(c.mrrByCurrency as Record<string, number>).map(([k, v]) => [k, cents(v)]))),
    })));
    expect((parse(csv.body, { columns: true }) as Record<string, string>[]).find((r) => r.id === 'cus_c')).toMatchObject({ currency: 'eur', mrr: '40.00', mrrByCurrency: '{"eur":"40.00"}' });
    const explained = await get('/v1/explain?metric=mrr&date=2024-04-15');
    const explainCsv = await inject('/v1/explain?metric=mrr&date=2024-04-15&format=csv', analyst);
    // Amounts in major units: each line's in its own currency, its contribution in the reporting currency.
    const major = (minor: number) => (minor / 100).toFixed(2);
    expect(parse(explainCsv.body, { columns: true })).toEqual(explained.lines.map((l: Json) => cells({
      customerId: l.customerId, name: l.name, currency: l.currency, amount: major(l.amount as number), reportingCurrency: 'usd', reporting: major(l.reporting as number), days: (l.days as string[]).join(' '),
    })));
  });

  it('needs exports:create for CSV, and writes every export to the audit log', async () => {
    const refused = await inject('/v1/metrics/monthly?format=csv');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({ code: 'RVP_FORBIDDEN', message: 'Your role does not allow exports:create.' });
    const before = await db.store.db.selectFrom('audit_log').select('entry_id').where('workspace_id', '=', ws.id).where('action', '=', 'data.exported').execute();
    expect((await inject('/v1/customers?format=csv', analyst)).statusCode).toBe(200);
    const after = await db.store.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', ws.id).where('action', '=', 'data.exported').orderBy('entry_id').execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ actor_type: 'api_key', target_type: 'export', target_id: '/v1/customers' });
  });
});
