// The explain test: for every metric of the registry that explains itself, at a few days and
// ranges of the demo business (three currencies, scheduled ledger rows after the as-of day), the
// lines of every page add up EXACTLY to the figure the series API reports; lineCount is the number
// of lines across the pages; the lines come largest contribution first; each currency's lines sum
// to its native total. Also MRR by plan (plan_mrr against GET /v1/metrics/by-plan) and the CSV.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { DEMO_NOW } from '../helpers/demo-server.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { demoFirstFxDay, findDemoLayout, topUpDemoFxRates } from '../../src/ingest/demo-topup.js';
import { EXPLAIN_LEVELS, EXPLAIN_METRICS, METRIC_NAMES, METRICS } from '../../src/read/registry.js';
import { explainResponse, type ExplainLine, type ExplainResponse } from '../../src/read/explain/contract.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

const TODAY = DEMO_NOW.toISOString().slice(0, 10); // 2026-03-18
/** Ranges inside one month (read as one monthly point), and a whole year. */
const RANGES = [
  { from: '2026-03-01', to: TODAY, granularity: 'month' },
  { from: '2026-02-01', to: '2026-02-28', granularity: 'month' },
  { from: '2025-01-01', to: '2025-12-31', granularity: 'year' },
] as const;
const DAYS = [TODAY, '2026-01-31', '2025-08-15'];

/** The metrics whose figure is explained by lines of their own name. */
const SELF_EXPLAINED = METRIC_NAMES.filter((name) => METRICS[name].explainedBy === name);

describe.each(BACKENDS)('explain tells the whole truth, for every registered metric (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let viewer: Record<string, string>;
  let analyst: Record<string, string>;
  const get = async (path: string, headers = viewer) => {
    const response = await t.app.inject({ url: `${path}&workspace=${ws.id}`, headers });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response.json();
  };

  /** Every page of an explanation (small pages, so paging is exercised), parsed by the contract. */
  async function allPages(query: string, limit = 40): Promise<{ first: ExplainResponse; lines: ExplainLine[]; pages: number }> {
    const lines: ExplainLine[] = [];
    let cursor: string | null = null;
    let first: ExplainResponse | null = null;
    let pages = 0;
    do {
      const page: ExplainResponse = explainResponse.parse(await get(`/v1/explain?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
      first ??= page;
      expect([page.total, page.lineCount], 'every page carries the totals of all lines').toEqual([first.total, first.lineCount]);
      lines.push(...page.lines);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    return { first: first!, lines, pages };
  }

  function expectWholeTruth(label: string, e: { first: ExplainResponse; lines: ExplainLine[] }, figure: number) {
    const { first, lines } = e;
    expect(first.total, `${label}: total`).toBe(figure);
    if (first.metric !== 'fx') expect(lines.reduce((s, l) => s + l.reporting, 0), `${label}: Σ lines`).toBe(figure);
    expect(lines.length, `${label}: lineCount`).toBe(first.lineCount);
    expect(first.groups.reduce((s, g) => s + g.reporting, 0), `${label}: Σ groups`).toBe(figure);
    for (const g of first.groups) {
      const mine = lines.filter((l) => l.currency === g.currency);
      expect([mine.length, mine.reduce((s, l) => s + l.amount, 0)], `${label}: ${g.currency} lines`).toEqual([g.lines, g.native]);
    }
    const keys = lines.map((l) => `${l.customerId}|${l.currency}`);
    expect(new Set(keys).size, `${label}: no line twice`).toBe(keys.length);
    for (let i = 1; i < lines.length; i++) {
      const [a, b] = [lines[i - 1]!, lines[i]!];
      const ordered = Math.abs(a.reporting) > Math.abs(b.reporting) || (Math.abs(a.reporting) === Math.abs(b.reporting) && `${a.customerId}|${a.currency}` < `${b.customerId}|${b.currency}`);
      expect(ordered, `${label}: line ${i} out of order`).toBe(true);
    }
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => DEMO_NOW });
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    ws = demo.workspace;
    await storeDemoEvents(db.store, demo, { customers: 150, endAt: DEMO_NOW.getTime() / 1000 });
    const layout = await findDemoLayout(db.store, { workspaceId: ws.id, sourceId: demo.source.id });
    await topUpDemoFxRates(db.store, ws.id, { firstDay: demoFirstFxDay(layout, TODAY), today: TODAY });
    await t.worker.drain();
    viewer = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
    analyst = (await apiKeyCaller(t, ws.id, 'analyst')).headers;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('covers every figure the registry says explains itself, and the demo has what makes it hard', async () => {
    expect(SELF_EXPLAINED).toEqual(expect.arrayContaining(['mrr', 'customers', 'new', 'churn', 'net_new_mrr', 'fx', 'new_customers', 'revenue_collected', 'failed_payments']));
    const mrr = await get(`/v1/explain?metric=mrr&date=${TODAY}`);
    expect(mrr.groups.map((g: { currency: string }) => g.currency)).toEqual(['eur', 'gbp', 'usd']);
    expect(mrr.lineCount).toBeGreaterThan(60); // more than one page of 40
    // Read as of 2026-01-31 (below), the ledger holds many rows dated after the as-of day: none may count.
    const later = await db.store.db.selectFrom('ledger_entries').select('day').where('workspace_id', '=', ws.id).where('day', '>', '2026-01-31').execute();
    expect(later.length).toBeGreaterThan(10);
  });

  for (const metric of SELF_EXPLAINED) {
    it(`${metric}: the lines of every page sum exactly to the series figure`, async () => {
      const level = (EXPLAIN_LEVELS as readonly string[]).includes(metric);
      if (level) {
        for (const day of DAYS) {
          const series = await get(`/v1/metrics/series?metric=${metric}&granularity=day&from=${day}&to=${day}`);
          expect(series.points).toHaveLength(1);
          expectWholeTruth(`${metric} ${day}`, await allPages(`metric=${metric}&date=${day}`), series.points[0].value);
        }
      } else {
        for (const range of RANGES) {
          const series = await get(`/v1/metrics/series?metric=${metric}&granularity=${range.granularity}&from=${range.from}&to=${range.to}`);
          expect(series.points).toHaveLength(1);
          expectWholeTruth(`${metric} ${range.from}…${range.to}`, await allPages(`metric=${metric}&from=${range.from}&to=${range.to}`), series.points[0].value);
        }
      }
    });
  }

  it('MRR and paying customers today are the summary\'s, and a later date reads as the as-of day', async () => {
    const summary = await get('/v1/metrics/summary?');
    const mrr = await allPages('metric=mrr', 30);
    expectWholeTruth('mrr today', mrr, summary.mrr);
    expect(mrr.pages).toBeGreaterThan(1);
    expectWholeTruth('customers today', await allPages('metric=customers', 30), summary.payingCustomers);
    const later = await get('/v1/explain?metric=mrr&date=2026-05-01');
    expect([later.to, later.total, later.lineCount]).toEqual([TODAY, summary.mrr, mrr.first.lineCount]);
    const expansion = await get('/v1/explain?metric=expansion&from=2026-03-01&to=2026-06-30');
    expect(expansion.to).toBe(TODAY);
    // As of an earlier instant: the figures of that day, whatever the day or range asked for.
    const jan31 = async (metric: string) => (await get(`/v1/metrics/series?metric=${metric}&granularity=day&from=2026-01-31&to=2026-01-31`)).points[0].value;
    const earlier = await get('/v1/explain?metric=mrr&asOf=2026-01-31T12:00:00Z');
    expect([earlier.to, earlier.asOf, earlier.total]).toEqual(['2026-01-31', '2026-01-31', await jan31('mrr')]);
    const asked = await get('/v1/explain?metric=mrr&date=2026-03-18&asOf=2026-01-31T12:00:00Z');
    expect([asked.to, asked.total]).toEqual(['2026-01-31', earlier.total]);
    const flows = await get('/v1/explain?metric=net_new_mrr&from=2026-01-01&to=2026-03-18&asOf=2026-01-31T12:00:00Z&limit=1000');
    const january = (await get('/v1/metrics/series?metric=net_new_mrr&granularity=month&from=2026-01-01&to=2026-01-31')).points[0].value;
    expect([flows.to, flows.total]).toEqual(['2026-01-31', january]);
    expect(flows.lines.flatMap((l: ExplainLine) => l.days).every((d: string) => d <= '2026-01-31')).toBe(true);
  });

  it('plan_mrr: each plan\'s lines sum to its MRR by plan, and the plans to MRR', async () => {
    for (const day of [TODAY, '2025-08-15']) {
      const byPlan = await get(`/v1/metrics/by-plan?date=${day}`);
      expect(byPlan.plans.length).toBeGreaterThan(1);
      let sum = 0;
      for (const plan of byPlan.plans as { planId: string; mrr: number }[]) {
        const e = await allPages(`metric=plan_mrr&plan=${encodeURIComponent(plan.planId)}&date=${day}`, 25);
        expectWholeTruth(`plan ${plan.planId} ${day}`, e, plan.mrr);
        sum += e.first.total;
      }
      expect(sum).toBe(byPlan.mrr);
    }
  });

  it('the CSV has every line, amounts in major units with their currencies', async () => {
    const all = await allPages(`metric=net_new_mrr&from=2026-02-01&to=2026-02-28`, 1000);
    const response = await t.app.inject({ url: `/v1/explain?metric=net_new_mrr&from=2026-02-01&to=2026-02-28&format=csv&workspace=${ws.id}`, headers: analyst });
    expect(response.statusCode, response.body).toBe(200);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(all.first.lineCount);
    expect(rows.map((r) => [r.customerId, r.currency])).toEqual(all.lines.map((l) => [l.customerId, l.currency]));
    const cents = (text: string) => Math.round(Number(text) * 100); // the demo's currencies have 2 decimals
    expect(rows.map((r) => [cents(r.amount!), r.reportingCurrency, cents(r.reporting!)])).toEqual(all.lines.map((l) => [l.amount, 'usd', l.reporting]));
  });

  it('names what is wrong with a request', async () => {
    const bad = async (query: string, message: RegExp) => {
      const response = await t.app.inject({ url: `/v1/explain?${query}&workspace=${ws.id}`, headers: viewer });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.message, query).toMatch(message);
    };
    await bad('metric=plan_mrr', /plan: is required for plan_mrr/);
    await bad('metric=mrr&plan=x', /plan: is only for plan_mrr/);
    await bad('metric=revenue_collected', /from: is required for revenue_collected/);
    await bad('metric=mrr&from=2026-01-01', /mrr is a level at one day: use date/);
    await bad('metric=mrr&cursor=nope', /cursor/);
  });
});

// Keeps the list of explain metrics honest: each one explains some registered figure (plan_mrr:
// a row of MRR by plan).
describe('the explain metrics of the registry', () => {
  it('each explain some registered figure', () => {
    const used = new Set<string>(METRIC_NAMES.map((n) => METRICS[n].explainedBy).filter((e) => e !== null));
    expect(EXPLAIN_METRICS.filter((e) => !used.has(e))).toEqual(['plan_mrr']);
  });
});
