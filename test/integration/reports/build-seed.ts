// The workspaces the report builder tests read: A is the hand-computed fixture business
// (test/helpers/revenue-fixture.ts: Jan–Apr 2024, USD and EUR) with customer-success rows (health,
// risk, an NPS answer, product usage, plan limits and open alerts) added by hand; B is another
// business with one customer of its own, to show that A's figures never reach B's reports. And
// how the tests find a KPI, a table and every block id in a document.
import type { ReportDocument, ReportKpi, ReportTable } from '../../../src/read/reports/contract.js';
import type { Store } from '../../../src/store/db.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, findWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import type { TestApp } from '../../helpers/app.js';
import { storeFixture } from '../../helpers/revenue-fixture.js';
import { event, price, subscription } from '../../helpers/stripe-events.js';
import { addAccount, addAlert, addHealth, addLimits, addRisk, addSurveys, addUsage } from '../success-fixture.js';

const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function seedReportWorkspaces(store: Store, app: TestApp): Promise<{ a: Workspace; b: Workspace }> {
  const db = store.db;
  const a0 = await ensureWorkspace(db, { slug: 'reports-a', name: 'Alpha Analytics' });
  const b0 = await ensureWorkspace(db, { slug: 'reports-b', name: 'Beta Books' });
  const sourceA = await createSource(db, app.ctx.box, { workspaceId: a0.id, provider: 'stripe', name: 'a', mode: 'test', webhookSecret: 'whsec_a' });
  const sourceB = await createSource(db, app.ctx.box, { workspaceId: b0.id, provider: 'stripe', name: 'b', mode: 'test', webhookSecret: 'whsec_b' });
  await storeFixture(store, a0.id, sourceA.id);
  const zStart = t('2024-03-10T09:00:00Z');
  const zPrice = price({ id: 'price_zeta', amount: 7000, product: 'prod_zeta' });
  await storeFixture(store, b0.id, sourceB.id, [
    event('customer.created', { id: 'cus_z', object: 'customer', email: 'zoe@example.com', name: 'Zoe Zimmer', address: { country: 'DE' }, currency: null, created: zStart - 60, metadata: {}, livemode: false }, zStart - 60),
    event('customer.subscription.created', subscription({ id: 'sub_z', customer: 'cus_z', price: zPrice, start: zStart }), zStart),
  ]);
  await app.worker.drain();

  // Customer success in A only: health, a high churn risk for Claude, an NPS answer, usage, a
  // one-seat limit that two users pass, and open alerts of three kinds (and one cleared).
  await addHealth(db, a0.id, [
    { customerId: 'cus_a', day: '2024-04-07', score: 80 }, { customerId: 'cus_c', day: '2024-04-07', score: 60 },
    { customerId: 'cus_a', day: '2024-04-14', score: 75 }, { customerId: 'cus_c', day: '2024-04-14', score: 30 },
  ]);
  await addRisk(db, a0.id, [{ customerId: 'cus_c', day: '2024-04-14', probability: 0.7, reasons: [{ feature: 'usage_trend_30d', label: 'usage down 60%', contribution: 1, value: -0.6 }] }]);
  await addSurveys(db, a0.id, [{ id: 'nps_1', customerId: 'cus_a', score: 9, at: '2024-04-09T10:00:00Z' }, { id: 'nps_2', customerId: 'cus_c', score: 4, at: '2024-04-10T10:00:00Z' }]);
  await addAccount(db, a0.id, 'acc_a', 'cus_a', [{ user: 'u1', day: '2024-04-09', events: 5 }, { user: 'u2', day: '2024-04-10', events: 5 }, { user: 'u1', day: '2024-04-10', events: 3 }]);
  await addUsage(db, a0.id, [{ account: 'acc_a', day: '2024-04-09', event: 'report_run', events: 5 }]);
  await addLimits(db, a0.id, [{ planId: 'prod_basic', metric: '$seats', limit: 1 }]);
  await addAlert(db, a0.id, { ruleId: 'r_limit', kind: 'limit_near', alertId: 'al_1', customerId: 'cus_a', status: 'open', openedAt: '2024-04-14T08:00:00Z' });
  await addAlert(db, a0.id, { ruleId: 'r_health', kind: 'health_below', alertId: 'al_2', customerId: 'cus_c', status: 'open', openedAt: '2024-04-14T09:00:00Z' });
  await addAlert(db, a0.id, { ruleId: 'r_pay', kind: 'payment_failed', alertId: 'al_3', customerId: 'cus_f', status: 'open', openedAt: '2024-04-15T08:05:00Z' });
  await addAlert(db, a0.id, { ruleId: 'r_pay', kind: 'payment_failed', alertId: 'al_4', customerId: 'cus_a', status: 'cleared', openedAt: '2024-04-01T08:05:00Z', clearedAt: '2024-04-02T08:05:00Z' });
  await addAlert(db, a0.id, { ruleId: 'r_pay', kind: 'payment_failed', alertId: 'al_5', customerId: 'cus_a', status: 'open', openedAt: '2024-04-16T08:05:00Z' });
  return { a: (await findWorkspace(db, a0.id))!, b: (await findWorkspace(db, b0.id))! };
}

export function kpiOf(doc: ReportDocument, label: string, section?: string): ReportKpi {
  const found = doc.sections.filter((s) => !section || s.id === section).flatMap((s) => s.blocks.flatMap((b) => (b.type === 'kpis' ? b.kpis : []))).find((k) => k.figure.label === label);
  if (!found) throw new Error(`no KPI "${label}" in ${doc.key}`);
  return found;
}
export function tableOf(doc: ReportDocument, id: string): ReportTable {
  const found = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []))).find((t) => t.id === id);
  if (!found) throw new Error(`no table "${id}" in ${doc.key}`);
  return found;
}
export function blockIds(doc: ReportDocument): string[] {
  return doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table.id] : b.type === 'chart' ? [b.chart.id] : [])));
}
