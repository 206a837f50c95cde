// The tables derived from the ledger (day totals, cohort totals, plan ledgers and totals, paying
// spells, customer summaries) are maintained by increments as events arrive. Whatever the order
// and chunking, they must equal what a from-scratch computation over the final ledger gives, the
// API's figures must equal the reference computation over the ledger, and a rebuild must change
// nothing. Data: a demo business delivered shuffled, in chunks, through the live pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { generateDemoEvents } from '../../src/demo/generate.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { asOf } from '../../src/read/clock.js';
import { monthlyReport } from '../../src/read/periods/load.js';
import { cohortTotalsOf } from '../../src/core/cohort-totals.js';
import { dailyTotalsOf, payingSpellsOf } from '../../src/core/daily-totals.js';
import { DEMO_FX_RATES, createFxTable } from '../../src/core/fx.js';
import { computePeriods } from '../reference/period-metrics.js';
import { planDayTotalsOf, type PlanLedgerEntry } from '../../src/core/plan-ledger.js';
import { loadLedgerEntries } from '../../src/store/ledger-repo.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const END_AT = Date.parse('2025-06-30T12:00:00Z') / 1000;
const NOW = new Date(END_AT * 1000);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sortRows = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

describe.each(BACKENDS)('derived tables stay equal to the ledger (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'derived', name: 'Derived' });
    await upsertFxRates(db.store.db, ws.id, 'usd', DEMO_FX_RATES.usd);
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'file', name: 'demo' });
    const events = [...generateDemoEvents({ customers: 150, months: 12, endAt: END_AT, seed: 7 })];
    const order = shuffled(events, 42);
    for (let i = 0; i < order.length; i += 97) {
      const chunk = order.slice(i, i + 97);
      await storeEvents(db.store, chunk.map((e) => ({ workspaceId: ws.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
      await t.worker.drain();
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const snapshot = async () => {
    const q = db.store.db;
    const [metric, cohort, plan, spells, summaries, planEntries] = await Promise.all([
      q.selectFrom('metric_days').selectAll().where('workspace_id', '=', ws.id).execute(),
      q.selectFrom('cohort_days').selectAll().where('workspace_id', '=', ws.id).execute(),
      q.selectFrom('plan_days').selectAll().where('workspace_id', '=', ws.id).execute(),
      q.selectFrom('paying_spells').selectAll().where('workspace_id', '=', ws.id).execute(),
      q.selectFrom('customer_summaries').selectAll().where('workspace_id', '=', ws.id).execute(),
      q.selectFrom('plan_ledger_entries').selectAll().where('workspace_id', '=', ws.id).execute(),
    ]);
    const nonZero = <T extends object>(rows: T[], fields: (keyof T)[]) => rows.filter((r) => fields.some((f) => Number(r[f]) !== 0));
    return {
      metric: nonZero(metric, ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'new_customers', 'reactivated_customers', 'churned_customers']),
      cohort: nonZero(cohort, ['mrr_delta', 'joined', 'paying_delta']),
      plan: nonZero(plan, ['mrr_delta', 'customers_delta']),
      spells,
      summaries,
      planEntries,
    };
  };

  it('keeps every day total equal to a computation from scratch over the final ledger', async () => {
    const ledger = await loadLedgerEntries(db.store.db, ws.id);
    expect(ledger.length).toBeGreaterThan(100);
    const s = await snapshot();
    expect(sortRows(s.metric.map((r) => ({ day: r.day, currency: r.currency, new: r.new, expansion: r.expansion, contraction: r.contraction, churn: r.churn, reactivation: r.reactivation, newCustomers: r.new_customers, reactivatedCustomers: r.reactivated_customers, churnedCustomers: r.churned_customers }))))
      .toEqual(sortRows(dailyTotalsOf(ledger)));
    expect(sortRows(s.cohort.map((r) => ({ cohort: r.cohort, day: r.day, currency: r.currency, mrrDelta: r.mrr_delta, joined: r.joined, payingDelta: r.paying_delta }))))
      .toEqual(sortRows(cohortTotalsOf(ledger).filter((r) => r.mrrDelta !== 0 || r.joined !== 0 || r.payingDelta !== 0)));
    const planEntries: PlanLedgerEntry[] = s.planEntries.map((r) => ({ customerId: r.customer_id, planId: r.plan_id, currency: r.currency, day: r.day, mrr: r.mrr, delta: r.delta }));
    expect(sortRows(s.plan.map((r) => ({ day: r.day, planId: r.plan_id, currency: r.currency, mrrDelta: r.mrr_delta, customersDelta: r.customers_delta }))))
      .toEqual(sortRows(planDayTotalsOf(planEntries).filter((r) => r.mrrDelta !== 0 || r.customersDelta !== 0)));
    expect(sortRows(s.spells.map((r) => ({ customerId: r.customer_id, startDay: r.start_day, endDay: r.end_day })))).toEqual(sortRows(payingSpellsOf(ledger)));
  });

  it('answers the monthly report exactly as computePeriods over the ledger', async () => {
    const ledger = await loadLedgerEntries(db.store.db, ws.id, { until: '2025-06-30' });
    const fx = createFxTable(DEMO_FX_RATES.usd, 'usd');
    const reference = computePeriods(ledger, { from: '2024-07-01', to: '2025-06-30', granularity: 'month', reportingCurrency: 'usd', fx });
    const report = await monthlyReport(db.store.db, ws.id, { currency: 'usd', fxRates: DEMO_FX_RATES.usd, from: '2024-07', to: '2025-06', asOf: asOf(NOW) });
    expect(report.months.map((m) => [m.month, m.mrr, m.customers, m.movements])).toEqual(reference.map((r) => [r.period, r.mrr, r.customers, r.movements]));
    expect(reference.at(-1)!.mrr).toBeGreaterThan(0);
  });

  it('leaves every derived table unchanged after a rebuild', async () => {
    const before = await snapshot();
    await rebuildWorkspace(db.store.db, ws, NOW);
    const after = await snapshot();
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(sortRows(after[key] as object[]), key).toEqual(sortRows(before[key] as object[]));
  });
});
