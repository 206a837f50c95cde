// Support tickets and NPS/CSAT in: the API (one or a batch, upsert by id), the CSV imports (dry
// run stores nothing, line-numbered errors store nothing, re-import is idempotent), matching to
// billing customers (id, e-mail, e-mail domain, linked account) and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketListResponse, surveyListResponse } from '../../src/read/support/contract.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';

const TICKETS = [
  'id,customer_id,email,account_id,subject,status,priority,opened_at,first_response_at,closed_at,satisfaction',
  't1,cus_a,,,"Login fails, again",closed,high,2024-04-01 09:00,2024-04-01 11:30,2024-04-02T10:00:00Z,4',
  't2,,ALICE@Example.com,,Invoice question,,normal,2024-04-10,,,',
  't3,,someone@example.fr,,Export,pending,low,2024-04-11 08:00,,,',
  't4,,x@example.com,,Ambiguous domain,open,urgent,2024-04-12 08:00,,,',
  't5,cus_nobody,bob@gmail.com,acct_f,Via account,open,normal,2024-04-13 08:00,,,',
  't6,,carol@gmail.com,,Public domain,open,normal,2024-04-14 08:00,,,',
].join('\r\n');

describe.each(BACKENDS)('support tickets and surveys in (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let admin: Caller;
  let ingestA: Caller;
  let ingestB: Caller;

  const send = (method: 'GET' | 'POST', url: string, caller: Caller, body?: string | object, ws: Workspace | null = a) =>
    t.app.inject({
      method, url: ws ? `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}` : url,
      headers: { ...caller.headers, ...(typeof body === 'string' ? { 'content-type': 'text/csv' } : {}) },
      ...(body === undefined ? {} : { payload: body }),
    });
  const tickets = async (query = "") => {
    const r = await send("GET", `/v1/support/tickets?${query.replace(/^&/, "")}`, admin);
    if (r.statusCode !== 200) throw new Error(r.body);
    return ticketListResponse.parse(r.json());
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'support-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'support-b', name: 'B' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: a.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, a.id, source.id);
    await t.worker.drain();
    await db.store.db.insertInto('cs_accounts').values({ workspace_id: a.id, account_id: 'acct_f', customer_id: 'cus_f', link_rule: 'manual', first_seen_at: FIXTURE_NOW, last_seen_at: FIXTURE_NOW }).execute();
    admin = await signedInMember(t, [{ workspaceId: a.id, role: 'admin' }]);
    ingestA = await apiKeyCaller(t, a.id, 'ingest');
    ingestB = await apiKeyCaller(t, b.id, 'ingest');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('a dry run counts what an import would do and stores nothing', async () => {
    const dry = await send('POST', '/v1/imports/tickets?dryRun=true', ingestA, TICKETS);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, kind: 'tickets', received: 6, created: 6, updated: 0, unchanged: 0, from: '2024-04-01', to: '2024-04-14' });
    expect((await tickets()).total).toBe(0);
  });

  it('matches by customer id, then e-mail, then a private domain with one customer, then the linked account', async () => {
    const r = await send('POST', '/v1/imports/tickets', ingestA, TICKETS);
    expect(r.statusCode, r.body).toBe(200);
    // t1 by id; t2 by e-mail (any case); t3 by example.fr (Claude's alone); t5's unknown id and public
    // domain fall through to its account; t4's example.com is Alice's and Frida's; t6 is gmail.
    expect(r.json()).toMatchObject({ dryRun: false, created: 6, unmatched: 2, matchedBy: { customer_id: 1, email: 1, email_domain: 1, account: 1 } });
    const list = await tickets('&limit=10');
    const byId = Object.fromEntries(list.data.map((x) => [x.id, x]));
    expect(Object.fromEntries(Object.entries(byId).map(([id, x]) => [id, x.customerId]))).toEqual({ t1: 'cus_a', t2: 'cus_a', t3: 'cus_c', t4: null, t5: 'cus_f', t6: null });
    expect(byId.t1).toMatchObject({ subject: 'Login fails, again', status: 'closed', priority: 'high', openedAt: '2024-04-01T09:00:00.000Z', firstResponseAt: '2024-04-01T11:30:00.000Z', closedAt: '2024-04-02T10:00:00.000Z', satisfaction: 4, source: 'csv' });
    // No status given and no closed time: open.
    expect(byId.t2).toMatchObject({ status: 'open', openedAt: '2024-04-10T00:00:00.000Z' });
    const mine = await tickets('&customer=cus_a');
    expect(mine.data.map((x) => x.id)).toEqual(['t2', 't1']);
    expect(mine.summary).toMatchObject({ open: 1, openUrgent: 0, opened30d: 2, medianFirstResponseHours: 2.5, satisfactionAvg: 4 });
  });

  it('re-importing the same file changes nothing; a changed row is updated', async () => {
    const again = await send('POST', '/v1/imports/tickets', ingestA, TICKETS);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const changed = TICKETS.replace('t3,,someone@example.fr,,Export,pending,low', 't3,,someone@example.fr,,Export,closed,low').replace('2024-04-11 08:00,,,', '2024-04-11 08:00,,2024-04-12 08:00,5');
    const r = await send('POST', '/v1/imports/tickets', ingestA, changed);
    expect(r.json()).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    expect((await tickets('&customer=cus_c')).data[0]).toMatchObject({ id: 't3', status: 'closed', satisfaction: 5 });
    // As of before it closed, it reads as open.
    const before = await tickets(`&customer=cus_c&asOf=${encodeURIComponent('2024-04-11T12:00:00Z')}`);
    expect(before.data[0]).toMatchObject({ id: 't3', status: 'open', closedAt: null, satisfaction: null });
  });

  it('a bad file is refused with each problem on its line, and nothing is stored', async () => {
    const bad = [
      'ticket_id,email,priority,opened_at,satisfaction',
      'n1,ok@example.org,normal,2024-04-01,',
      'n2,ok@example.org,hgh,2024-04-01,',
      'n3,not-an-email,low,2024-02-30,',
      '"n4,quoted",ok@example.org,low,2024-04-01 25:00,9',
      'n1,ok@example.org,low,2024-04-01,',
    ].join('\n');
    const r = await send('POST', '/v1/imports/tickets', admin, bad);
    expect(r.statusCode).toBe(400);
    const { code, message } = r.json().error;
    expect(code).toBe('RVP_IMPORT_FILE_INVALID');
    expect(message).toContain('line 3: priority must be one of low, normal, high, urgent (found "hgh")');
    expect(message).toContain('line 4: email "not-an-email" is not an e-mail address');
    expect(message).toContain('line 4: opened_at "2024-02-30" is not a date and time');
    expect(message).toContain('line 5: opened_at "2024-04-01 25:00" is not a date and time');
    expect(message).toContain('line 5: satisfaction must be a whole number from 1 to 5 (found "9")');
    expect(message).toContain('line 6: id "n1" is also on line 2');
    const header = await send('POST', '/v1/imports/tickets', admin, 'id,opened_at,prioirty\nx,2024-04-01,low');
    expect(header.json().error.message).toContain('line 1: unknown column "prioirty"');
    expect((await tickets()).total).toBe(6);
  });

  it('the API takes one ticket or a batch, upserts by id and names the bad field', async () => {
    const one = await send('POST', '/v1/support/tickets', ingestA, { id: 4711, email: 'claude@example.fr', openedAt: '2024-04-14T09:00:00+02:00', priority: 'urgent' });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ received: 1, created: 1, matchedBy: { email: 1 } });
    const batch = await send('POST', '/v1/support/tickets', ingestA, { tickets: [
      { id: '4711', email: 'claude@example.fr', openedAt: '2024-04-14T07:00:00Z', priority: 'urgent' },
      { id: 'api-2', customerId: 'cus_f', openedAt: '2024-04-14T10:00:00Z', closedAt: '2024-04-14T12:00:00Z', satisfaction: 2 },
    ] });
    expect(batch.json()).toMatchObject({ received: 2, created: 1, unchanged: 1, updated: 0 });
    const c = await tickets('&customer=cus_c&status=open');
    expect(c.data.map((x) => [x.id, x.priority, x.source])).toEqual([['4711', 'urgent', 'api']]);
    expect(c.summary.openUrgent).toBe(1);
    const wrong = await send('POST', '/v1/support/tickets', ingestA, { tickets: [{ id: 'x', openedAt: '2024-04-14', closedAt: '2024-04-13' }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: 'body.tickets.0: closedAt is before openedAt' });
    const openButClosed = await send('POST', '/v1/support/tickets', ingestA, { id: 'x', status: 'open', openedAt: '2024-04-14', closedAt: '2024-04-14 10:00' });
    expect(openButClosed.json().error.message).toBe('body: closedAt is given but status is open: a ticket with a closed time is closed');
    const enumBad = await send('POST', '/v1/support/tickets', ingestA, { id: 'x', openedAt: '2024-04-14', priority: 'asap' });
    expect(enumBad.json().error.message).toMatch(/^priority/);
  });

  it('survey responses: CSV and API, with the NPS summary', async () => {
    const csv = 'response_id,kind,score,comment,date,email\nr1,nps,10,"Love it, truly",2024-04-01,alice@example.com\nr2,nps,6,,2024-04-02 10:00,claude@example.fr\nr3,nps,8,,2024-04-03,claude@example.fr\nr4,csat,9,,2024-04-04,alice@example.com\n';
    const r = await send('POST', '/v1/imports/survey-responses', admin, csv);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'survey-responses', created: 4, matchedBy: { email: 4 } });
    const api = await send('POST', '/v1/surveys/responses', ingestA, { responses: [{ id: 'r5', score: 9, respondedAt: '2024-04-05T10:00:00Z', customerId: 'cus_f' }] });
    expect(api.json()).toMatchObject({ created: 1 });
    const all = surveyListResponse.parse((await send('GET', '/v1/surveys/responses', admin)).json());
    // NPS: promoters r1, r5; passive r3; detractor r2 → (2 − 1) / 4 = 25.
    expect(all.summary.nps).toEqual({ responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
    expect(all.summary.csat).toEqual({ responses: 1, average: 9 });
    expect(all.data.map((x) => x.id)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    const claude = surveyListResponse.parse((await send('GET', '/v1/surveys/responses?customer=cus_c&kind=nps', admin)).json());
    expect(claude.summary.nps.score).toBe(-50);
    const bad = await send('POST', '/v1/imports/survey-responses', admin, 'id,score,responded_at\nq1,11,2024-04-01\n');
    expect(bad.json().error.message).toBe('line 2: score must be a whole number from 0 to 10 (found "11")');
  });

  it('pages through tickets with a cursor, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await tickets(`&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(8);
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['api-2', 't6', '4711', 't5', 't4', 't3', 't2', 't1']);
  });

  it("a key of workspace B cannot write into A, and writes into B stay in B", async () => {
    const into = await send('POST', '/v1/support/tickets', ingestB, { id: 'b1', customerId: 'cus_a', openedAt: '2024-04-14' }, a);
    expect([403, 404]).toContain(into.statusCode);
    const importInto = await send('POST', '/v1/imports/tickets', ingestB, 'id,opened_at\nb2,2024-04-14', a);
    expect([403, 404]).toContain(importInto.statusCode);
    const own = await send('POST', '/v1/support/tickets', ingestB, { id: 't1', customerId: 'cus_a', openedAt: '2024-04-14' }, null);
    expect(own.statusCode, own.body).toBe(200);
    // B has no customer cus_a: unmatched there; A's t1 is untouched.
    expect(own.json()).toMatchObject({ created: 1, unmatched: 1 });
    expect((await tickets('&customer=cus_a')).data.find((x) => x.id === 't1')).toMatchObject({ subject: 'Login fails, again', source: 'csv' });
    const ingestRead = await send('GET', '/v1/support/tickets', ingestA);
    expect(ingestRead.statusCode).toBe(403);
  });
});
