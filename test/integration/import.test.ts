// The subscription import end to end on a real database: a file in, figures out; re-importing
// changes nothing; a corrected file replaces what it corrects; a bad line writes nothing; a dry
// run writes nothing; a rebuild re-derives the same tables from the stored rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { derivedState } from '../helpers/derived-state.js';
import { runImport } from '../../src/ingest/import/run-import.js';
import type { ImportOptions } from '../../src/ingest/import/types.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { monthlyReport } from '../../src/read/periods/load.js';
import { asOf } from '../../src/read/clock.js';
import { queueReprocessing } from '../../src/ingest/reprocess.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { createLogger } from '../../src/logger.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';

const HEADER = 'customer_id,customer_name,subscription_id,effective_at,status,plan,currency,amount,interval,quantity,discount_percent,invoice_id,paid_amount';
const ROWS = [
  'cus_a,Acme,sub_a,2024-01-10T09:00:00Z,active,Pro,usd,50.00,month,1,,inv_a1,50.00',
  'cus_a,Acme,sub_a,2024-02-15T10:00:00Z,active,Pro,usd,50.00,month,2,,,',
  'cus_b,Beta,sub_b,2024-02-01T12:00:00Z,active,Annual,usd,1200.00,year,1,,,',
  'cus_b,Beta,sub_b,2024-03-20,canceled,,usd,,,,,,',
  'cus_c,Gamma,sub_c,2024-03-05,trialing,Basic,usd,30,month,1,,,',
  'cus_c,Gamma,sub_c,2024-03-19,active,Basic,usd,30,month,1,10,,',
];
const file = (rows: readonly string[]) => [HEADER, ...rows].join('\n') + '\n';
const movements = (m: Partial<Record<'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation', number>>) => ({ new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0, ...m });

describe.each(BACKENDS)('subscription import (%s)', (backend) => {
  let db: TestDatabase;
  let workspace: Workspace;
  const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ workspaceId: workspace.id, sourceName: 'Billing export', fileName: 'subs.csv', ...extra });
  const report = async (ws = workspace) => monthlyReport(db.store.db, ws.id, { currency: 'usd', fxRates: [], strictFx: true, asOf: asOf(new Date()), from: '2024-01', to: '2024-03' });
  const count = async (table: 'raw_events' | 'subscription_snapshots' | 'customers' | 'imports' | 'sources', ws = workspace) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${ws.id}`.execute(db.store.db)).rows[0]!.n);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    workspace = await ensureWorkspace(db.store.db, { slug: 'imp', name: 'Import' });
  });
  afterAll(async () => db?.drop());

  it('imports a file into figures: MRR, movements, customers and the payment', async () => {
    const phases = new Set<string>();
    const summary = await runImport(db.store, file(ROWS), options({ onProgress: (p) => phases.add(p.phase) }));
    expect(summary).toMatchObject({ status: 'completed', dryRun: false, format: 'csv', rows: 6, valid: 6, invalid: 0, errors: [], eventsNew: 6, eventsChanged: 0, eventsUnchanged: 0, customers: 3, subscriptions: 3 });
    expect(summary.preview).toHaveLength(6);
    expect([...phases]).toEqual(['validating', 'storing', 'applying']);
    expect((await report()).months).toEqual([
      { month: '2024-01', mrr: 5000, arr: 60000, customers: 1, arpa: 5000, movements: movements({ new: 5000 }) },
      { month: '2024-02', mrr: 20000, arr: 240000, customers: 2, arpa: 10000, movements: movements({ new: 10000, expansion: 5000 }) },
      // B churns on 20 March; C's trial converts on the 19th at $30.00 less 10%.
      { month: '2024-03', mrr: 12700, arr: 152400, customers: 2, arpa: 6350, movements: movements({ new: 2700, churn: -10000 }) },
    ]);
    const payments = await db.store.db.selectFrom('payments').select(['payment_id', 'customer_id', 'amount', 'status']).where('workspace_id', '=', workspace.id).execute();
    expect(payments).toEqual([{ payment_id: `${summary.sourceId}:inv_a1:payment`, customer_id: `${summary.sourceId}:cus_a`, amount: 5000, status: 'succeeded' }]);
    const source = await db.store.db.selectFrom('sources').select(['provider', 'name']).where('source_id', '=', summary.sourceId).executeTakeFirstOrThrow();
    expect(source).toEqual({ provider: 'import', name: 'Billing export' });
    const drops = await db.store.db.selectFrom('raw_events').select('drop_reason').where('workspace_id', '=', workspace.id).where('processed_at', 'is not', null).execute();
    expect(drops.map((d) => d.drop_reason)).toEqual(Array(6).fill(null));
  });

  it('re-importing the same file (rows in another order, CRLF) changes nothing', async () => {
    const before = await derivedState(db.store.db, workspace.id);
    const summary = await runImport(db.store, file([...ROWS].reverse()).replaceAll('\n', '\r\n'), options());
    expect(summary).toMatchObject({ status: 'completed', eventsNew: 0, eventsChanged: 0, eventsUnchanged: 6 });
    expect(await derivedState(db.store.db, workspace.id)).toEqual(before);
    expect(await count('raw_events')).toBe(6);
  });

  it('a bad line refuses the whole file: nothing written, the run recorded as refused', async () => {
    const before = await derivedState(db.store.db, workspace.id);
    const corrected = ROWS.map((r, i) => (i === 1 ? r.replace('month,2', 'month,3') : r));
    const summary = await runImport(db.store, file([...corrected, 'cus_d,Delta,sub_d,2024-03-01,active,,usd,12.345,month,1,,,']), options());
    expect(summary).toMatchObject({ status: 'refused', rows: 7, valid: 6, invalid: 1, eventsNew: 0, eventsChanged: 0 });
    expect(summary.errors).toEqual([{ line: 8, column: 'amount', message: '"12.345" has more decimal places than USD has (2)' }]);
    expect(await derivedState(db.store.db, workspace.id)).toEqual(before);
    const run = await db.store.db.selectFrom('imports').selectAll().where('import_id', '=', summary.importId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'refused', rows_total: 7, rows_invalid: 1, dry_run: false, errors: summary.errors });
    expect(run.finished_at).not.toBeNull();
    // A refused file under a new name creates no source.
    const elsewhere = await runImport(db.store, file(['x,,y,2024-01-01,active,,usd,1,fortnightly,,,,']), options({ sourceName: 'Never' }));
    expect(elsewhere).toMatchObject({ status: 'refused', sourceId: '' });
    expect(await count('sources')).toBe(1);
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const before = await derivedState(db.store.db, workspace.id);
    const events = await count('raw_events');
    const corrected = ROWS.map((r, i) => (i === 1 ? r.replace('month,2', 'month,3') : r));
    const summary = await runImport(db.store, file([...corrected, 'cus_d,Delta,sub_d,2024-03-01,active,,usd,12,month,1,,,']), options({ dryRun: true }));
    expect(summary).toMatchObject({ status: 'completed', dryRun: true, eventsNew: 1, eventsChanged: 1, eventsUnchanged: 5 });
    expect(await derivedState(db.store.db, workspace.id)).toEqual(before);
    expect(await count('raw_events')).toBe(events);
    const fresh = await runImport(db.store, file(ROWS), options({ dryRun: true, sourceName: 'Not yet' }));
    expect(fresh).toMatchObject({ status: 'completed', dryRun: true, sourceId: '', eventsNew: 6 });
    expect(await count('sources')).toBe(1);
  });

  it('a corrected file replaces the rows it corrects: figures follow, no duplicate snapshot', async () => {
    const corrected = ROWS.map((r, i) => (i === 1 ? r.replace('month,2', 'month,3') : i === 0 ? r.replace('Acme', 'Acme Ltd') : r));
    const summary = await runImport(db.store, file(corrected), options());
    expect(summary).toMatchObject({ status: 'completed', eventsNew: 0, eventsChanged: 2, eventsUnchanged: 4 });
    const months = (await report()).months;
    expect(months[1]).toEqual({ month: '2024-02', mrr: 25000, arr: 300000, customers: 2, arpa: 12500, movements: movements({ new: 10000, expansion: 10000 }) });
    expect(months[2]!.mrr).toBe(17700);
    const snapshots = await db.store.db.selectFrom('subscription_snapshots').select(['subscription_id', 'state']).where('workspace_id', '=', workspace.id).where('subscription_id', '=', `${summary.sourceId}:sub_a`).execute();
    expect(snapshots.map((s) => (s.state as { items: { quantity: number }[] }).items[0]!.quantity).sort()).toEqual([1, 3]);
    expect(await count('raw_events')).toBe(6);
    const customer = await db.store.db.selectFrom('customers').select('name').where('customer_id', '=', `${summary.sourceId}:cus_a`).executeTakeFirstOrThrow();
    // The newest row of the customer names it; the corrected first row is older than the second.
    expect(customer.name).toBe('Acme');
  });

  it('--skip-invalid imports the good rows only and reports the bad ones', async () => {
    const summary = await runImport(db.store, file([...ROWS.map((r, i) => (i === 1 ? r.replace('month,2', 'month,3') : i === 0 ? r.replace('Acme', 'Acme Ltd') : r)), 'cus_d,Delta,sub_d,2024-03-01,active,,usd,12,month,1,,,', 'cus_e,Eps,sub_e,2024-03-01,active,,usd,5,lunar,1,,,']), options({ skipInvalid: true }));
    expect(summary).toMatchObject({ status: 'completed', rows: 8, valid: 7, invalid: 1, eventsNew: 1, eventsChanged: 0, eventsUnchanged: 6 });
    expect(summary.errors).toEqual([{ line: 9, column: 'interval', message: 'must be one of day, week, month, year (found "lunar")' }]);
    expect((await report()).months[2]).toMatchObject({ mrr: 18900, customers: 3 });
    const runs = await db.store.db.selectFrom('imports').select(['status', 'dry_run']).where('workspace_id', '=', workspace.id).orderBy('created_at').execute();
    expect(runs.filter((r) => !r.dry_run).map((r) => r.status)).toEqual(['completed', 'completed', 'refused', 'completed', 'completed']);
    expect(runs.filter((r) => r.dry_run)).toHaveLength(1);
  });

  it('a rebuild re-derives exactly the same tables from the stored rows', async () => {
    const before = await derivedState(db.store.db, workspace.id);
    await queueReprocessing(db.store.db, workspace.id);
    await createIngestWorker({ store: db.store, logger: createLogger('silent'), deferLedger: true }).drain();
    await rebuildWorkspace(db.store.db, workspace, new Date());
    expect(await derivedState(db.store.db, workspace.id)).toEqual(before);
  });

  it('two sources importing the same ids never collide', async () => {
    const other = await ensureWorkspace(db.store.db, { slug: 'two', name: 'Two' });
    const first = await runImport(db.store, file(ROWS), { workspaceId: other.id, sourceName: 'One', fileName: null });
    const second = await runImport(db.store, file(ROWS), { workspaceId: other.id, sourceName: 'Two', fileName: null });
    expect(second).toMatchObject({ eventsNew: 6, eventsUnchanged: 0 });
    expect(first.sourceId).not.toBe(second.sourceId);
    expect(await count('customers', other)).toBe(6);
    expect((await report(other)).months[2]).toMatchObject({ mrr: 25400, customers: 4 });
  });
});
