// POST /v1/import and GET /v1/imports: a dry run previews and stores nothing, a bad line refuses the
// whole file (422, same answer) unless skipInvalid, a good file goes through the ledger to the
// summary, a re-import changes nothing; the body's edges (format, UTF-8, size, emptiness), the audit
// entry, the history and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importList, importResult, type ImportResult } from '../../src/read/imports/contract.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';

const NOW = new Date('2024-06-15T12:00:00Z');
const HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,discount_percent,invoice_id,paid_at,paid_amount,region';
const GOOD = [
  HEADER,
  'cus_1,Acme,ops@acme.test,sub_1,2024-01-10,active,Pro,USD,49.00,month,1,2,,in_1,2024-01-10,98.00,EU',
  'cus_2,Globex,,sub_2,2024-02-01T00:00:00Z,active,Team,usd,300.00,year,1,1,,,,,US',
  'cus_3,Initech,,sub_3,2024-03-05,trialing,Pro,usd,49.00,month,,,,,,,US',
];
// Line 4 of the bad file: a month that does not exist.
const BAD = [...GOOD.slice(0, 3), 'cus_4,Umbrella,,sub_4,2024-13-01,active,Pro,usd,49.00,month,1,1,,,,,US', GOOD[3]!];
const csv = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n`;

describe.each(BACKENDS)('the subscription import API (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let admin: Caller & { email: string };
  let viewer: Caller;
  let writerB: Caller;
  let woken = 0;

  const post = (query: string, body: string | Buffer, caller: Caller = admin, contentType: string | null = 'text/csv', ws: Workspace = a) =>
    t.app.inject({
      method: 'POST', url: `/v1/import?workspace=${ws.id}${query ? `&${query}` : ''}`,
      headers: { ...caller.headers, ...(contentType ? { 'content-type': contentType } : {}) }, payload: body,
    });
  const answer = (response: { json(): unknown }): ImportResult => importResult.parse(response.json());
  const history = async (caller: Caller = admin, ws: Workspace = a) => {
    const r = await t.app.inject({ url: `/v1/imports?workspace=${ws.id}`, headers: caller.headers });
    expect(r.statusCode, r.body).toBe(200);
    return importList.parse(r.json()).data;
  };
  const storedEvents = async () => Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', a.id).executeTakeFirstOrThrow()).n);
  const summary = async () => (await t.app.inject({ url: `/v1/metrics/summary?workspace=${a.id}`, headers: viewer.headers })).json() as { mrr: number; currency: string; payingCustomers: number };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    (t.ctx as { wakeIngest: () => void }).wakeIngest = () => void woken++;
    a = await ensureWorkspace(db.store.db, { slug: 'imports-a', name: 'Imports A' });
    b = await ensureWorkspace(db.store.db, { slug: 'imports-b', name: 'Imports B' });
    admin = await signedInMember(t, [{ workspaceId: a.id, role: 'admin' }]);
    viewer = await signedInMember(t, [{ workspaceId: a.id, role: 'viewer' }]);
    writerB = await apiKeyCaller(t, b.id, 'admin');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('a dry run previews the valid rows and lists every bad line, storing nothing', async () => {
    const r = await post('dryRun=true&fileName=subs.csv', csv(BAD));
    expect(r.statusCode, r.body).toBe(200);
    const dry = answer(r);
    expect(dry).toMatchObject({ dryRun: true, format: 'csv', rows: 4, valid: 3, invalid: 1 });
    expect(dry.errors).toEqual([{ line: 4, column: 'effective_at', message: expect.any(String) }]);
    expect(dry.preview.map((p) => [p.line, p.subscriptionId, p.amount, p.currency, p.quantity, p.intervalCount])).toEqual([
      [2, 'sub_1', '49.00', 'usd', 2, 1], [3, 'sub_2', '300.00', 'usd', 1, 1], [5, 'sub_3', '49.00', 'usd', 1, 1],
    ]);
    expect(dry.preview[0]).toMatchObject({ customerName: 'Acme', customerEmail: 'ops@acme.test', effectiveAt: '2024-01-10T00:00:00.000Z', status: 'active', plan: 'Pro', paidAt: '2024-01-10T00:00:00.000Z', paidAmount: '98.00' });
    expect(await storedEvents()).toBe(0);
    expect(woken).toBe(0);
  });

  it('a bad line refuses the whole file with 422 and the same answer; nothing is written', async () => {
    const r = await post('fileName=subs.csv', csv(BAD));
    expect(r.statusCode, r.body).toBe(422);
    const refused = answer(r);
    expect(refused).toMatchObject({ dryRun: false, status: 'refused', rows: 4, valid: 3, invalid: 1, eventsNew: 0, eventsChanged: 0 });
    expect(refused.errors[0]).toMatchObject({ line: 4, column: 'effective_at' });
    expect(await storedEvents()).toBe(0);
    expect(woken).toBe(0);
    // A refused file names a source that does not exist yet: none is created, so no history line either.
    expect(refused.sourceId).toBe('');
    expect(await history()).toEqual([]);
  });

  it('a good file goes through the same ledger as webhooks to the figures, and is audited', async () => {
    const r = await post('fileName=subs.csv&source=Billing%20export', csv(GOOD));
    expect(r.statusCode, r.body).toBe(200);
    const done = answer(r);
    expect(done).toMatchObject({ dryRun: false, status: 'completed', rows: 3, valid: 3, invalid: 0, errors: [], customers: 3, subscriptions: 3 });
    expect(done.eventsNew).toBeGreaterThanOrEqual(3);
    expect(woken).toBe(1);
    await t.worker.drain();
    // Pro: 49.00 × 2 a month; Team: 300.00 a year = 25.00 a month; the trial counts nothing yet.
    expect(await summary()).toMatchObject({ currency: 'usd', mrr: 12_300, payingCustomers: 2 });

    const source = await db.store.db.selectFrom('sources').selectAll().where('workspace_id', '=', a.id).where('source_id', '=', done.sourceId).executeTakeFirstOrThrow();
    expect(source).toMatchObject({ provider: 'import', name: 'Billing export' });
    const audit = await db.store.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', a.id).where('action', '=', 'sources.subscriptions_imported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: admin.email, target_type: 'source', target_id: done.sourceId, target_label: 'Billing export' });
    expect(audit[0]!.detail).toMatchObject({ importId: done.importId, rows: 3, valid: 3, fileName: 'subs.csv' });

    const runs = await history();
    expect(runs[0]).toMatchObject({ importId: done.importId, sourceId: done.sourceId, sourceName: 'Billing export', fileName: 'subs.csv', format: 'csv', status: 'completed', rows: 3, valid: 3, createdBy: admin.email });
    expect(runs[0]!.finishedAt).not.toBeNull();
  });

  it('a bad file for an existing source is refused and listed in the history; the figures stay', async () => {
    const r = await post('fileName=bad.csv&source=Billing%20export', csv(BAD));
    expect(r.statusCode, r.body).toBe(422);
    expect((await history())[0]).toMatchObject({ status: 'refused', fileName: 'bad.csv', sourceName: 'Billing export', rows: 4, invalid: 1, dryRun: false, eventsNew: 0 });
    await t.worker.drain();
    expect((await summary()).mrr).toBe(12_300);
    expect(woken).toBe(1);
  });

  it('the same file again changes nothing; a corrected row updates', async () => {
    const again = answer(await post('source=Billing%20export', csv(GOOD)));
    expect(again).toMatchObject({ status: 'completed', eventsNew: 0, eventsChanged: 0, eventsUnchanged: 3 });
    const raised = GOOD.map((line) => line.replace('cus_2,Globex,,sub_2,2024-02-01T00:00:00Z,active,Team,usd,300.00', 'cus_2,Globex,,sub_2,2024-02-01T00:00:00Z,active,Team,usd,360.00'));
    const corrected = answer(await post('source=Billing%20export', csv(raised)));
    expect(corrected).toMatchObject({ status: 'completed', eventsChanged: 1 });
    await t.worker.drain();
    expect((await summary()).mrr).toBe(12_800);
  });

  it('takes JSON lines, by Content-Type, with money as strings', async () => {
    const lines = [
      { customer_id: 'cus_9', subscription_id: 'sub_9', effective_at: '2024-05-01', status: 'active', currency: 'usd', amount: '10.00', interval: 'month' },
      { customer_id: 'cus_9', subscription_id: 'sub_9', effective_at: '2024-05-02', status: 'bogus', currency: 'usd', amount: '10.00', interval: 'month' },
    ].map((o) => JSON.stringify(o)).join('\n');
    const r = await post('dryRun=true&source=Billing%20export', lines, admin, 'application/x-ndjson');
    expect(r.statusCode, r.body).toBe(200);
    expect(answer(r)).toMatchObject({ format: 'jsonl', rows: 2, valid: 1, invalid: 1, errors: [{ line: 2, column: 'status' }], preview: [{ line: 1, amount: '10.00' }] });
  });

  it('skipInvalid imports the good rows and reports the bad one', async () => {
    const file = [HEADER, 'cus_5,Hooli,,sub_5,2024-04-01,active,Pro,usd,20.00,month,1,1,,,,,US', 'cus_6,,,sub_6,2024-04-01,active,Pro,usd,abc,month,1,1,,,,,US'];
    const r = await post('skipInvalid=true&source=Billing%20export', csv(file));
    expect(r.statusCode, r.body).toBe(200);
    expect(answer(r)).toMatchObject({ status: 'completed', valid: 1, invalid: 1, errors: [{ line: 3, column: 'amount' }] });
    await t.worker.drain();
    expect((await summary()).mrr).toBe(14_800);
  });

  it.each([
    ['no format said anywhere', 'text/plain', '', 415, 'RVP_IMPORT_FORMAT'],
    ['a form post', 'application/x-www-form-urlencoded', '', 415, 'RVP_IMPORT_FORMAT'],
    ['an empty body', 'text/csv', '', 400, 'RVP_IMPORT_INVALID'],
    ['blank lines only', 'text/csv', '', 400, 'RVP_IMPORT_INVALID'],
  ])('refuses %s', async (name, contentType, query, status, code) => {
    const body = name === 'blank lines only' ? '\n\n  \n' : name === 'an empty body' ? '' : csv(GOOD);
    const r = await post(query, body, admin, contentType);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json()).toMatchObject({ error: { code } });
  });

  it('refuses a file that is not UTF-8, naming the line, and writes nothing', async () => {
    const before = await storedEvents();
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\ncus_7,Zo`), Buffer.from([0xeb]), Buffer.from(',,sub_7,2024-04-01,active,Pro,usd,1.00,month,1,1,,,,,US\n')]);
    const r = await post('', latin1);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: 'RVP_IMPORT_ENCODING', message: expect.stringContaining('line 2') } });
    expect(await storedEvents()).toBe(before);
  });

  it('refuses a file over 50 MB with a 413 that names the limit', async () => {
    const r = await post('', Buffer.alloc(50 * 1024 * 1024 + 1, 0x61));
    expect(r.statusCode, r.body).toBe(413);
    expect(r.json()).toMatchObject({ error: { code: 'RVP_IMPORT_TOO_LARGE', message: expect.stringContaining('50 MB') } });
  });

  it('the history is newest first, and another workspace sees none of it', async () => {
    const runs = await history();
    expect(runs.length).toBeGreaterThanOrEqual(5);
    const times = runs.map((r) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await history(writerB, b)).toEqual([]);
    // A key of B naming A's workspace gets nothing of A's.
    expect((await t.app.inject({ url: `/v1/imports?workspace=${a.id}`, headers: writerB.headers })).statusCode).toBe(404);
    expect((await post('dryRun=true', csv(GOOD), writerB)).statusCode).toBe(404);
  });

  it('a viewer may read the history but not import', async () => {
    expect((await history(viewer)).length).toBeGreaterThan(0);
    const r = await post('dryRun=true', csv(GOOD), viewer);
    expect(r.statusCode).toBe(403);
  });
});
