// Bulk inserts through unnest (src/store/bulk-rows.ts) write exactly the rows given — text with
// quotes, backslashes, braces and commas, nulls, dates, timestamps, booleans, big integers and
// JSON — on both databases, in more than one statement, and honour an on-conflict clause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertRows, type BulkColumn } from '../../../src/store/bulk-rows.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';
import { upsertSummaries, type CustomerSummary } from '../../../src/store/derived-repo.js';

type Row = { customer: string; day: string; currency: string; mrr: number; delta: number; movement: string; cause: string };

describe.each(BACKENDS)('bulk rows (%s)', (backend) => {
  let database: TestDatabase;
  let workspaceId: string;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    workspaceId = (await ensureWorkspace(database.store.db, { slug: 'bulk', name: 'Bulk' })).id;
  });
  afterAll(() => database.drop());

  it('writes awkward text (the word NULL too) and large integers unchanged, across statements', async () => {
    const awkward = ['plain', 'quote " inside', "apostrophe ' too", 'back\\slash', '{braces,comma}', 'NULL', '', 'ünïcødé ✓', ' spaced '];
    const rows: Row[] = Array.from({ length: 12_345 }, (_, i) => ({
      customer: `${awkward[i % awkward.length]}#${i}`,
      day: `2025-0${1 + (i % 9)}-1${i % 10}`,
      currency: i % 2 ? 'usd' : 'eur',
      mrr: 9_007_199_254_740 + i,
      delta: -i - 1,
      movement: 'new',
      cause: i % 3 === 0 ? 'NULL' : `evt_${awkward[i % awkward.length]}`,
    }));
    const columns: BulkColumn<Row>[] = [
      { name: 'workspace_id', type: 'text', value: () => workspaceId },
      { name: 'customer_id', type: 'text', value: (r) => r.customer },
      { name: 'day', type: 'date', value: (r) => r.day },
      { name: 'currency', type: 'text', value: (r) => r.currency },
      { name: 'mrr', type: 'bigint', value: (r) => r.mrr },
      { name: 'delta', type: 'bigint', value: (r) => r.delta },
      { name: 'movement', type: 'text', value: (r) => r.movement },
      { name: 'cause_event_id', type: 'text', value: (r) => r.cause },
    ];
    await database.store.db.transaction().execute((trx) => insertRows(trx, 'ledger_entries', columns, rows));
    const stored = await database.store.db.selectFrom('ledger_entries').selectAll().where('workspace_id', '=', workspaceId).execute();
    const asRow = (r: (typeof stored)[number]): Row => ({ customer: r.customer_id, day: r.day, currency: r.currency, mrr: Number(r.mrr), delta: Number(r.delta), movement: r.movement, cause: r.cause_event_id });
    const key = (r: Row) => r.customer;
    expect(stored.map(asRow).sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
  });

  it('upserts summaries with JSON, timestamps and booleans; the last of a repeated customer wins', async () => {
    const base: CustomerSummary = {
      customerId: 'cus_1', name: 'A "quoted" \\ name', email: null, country: 'DE', customerCreatedAt: new Date('2024-02-03T04:05:06.789Z'), deleted: false,
      status: 'active', currency: 'eur', mrr: 1200, mrrSort: 1300, mrrByCurrency: { eur: 1200, 'x"y': 5 }, planId: 'p1', planName: null, subscriptions: 1,
      signupDay: '2024-02-03', firstPaidDay: null, cancelScheduled: true, nextChangeDay: null, asOfDay: '2025-01-01',
    };
    await database.store.db.transaction().execute((trx) => upsertSummaries(trx, workspaceId, [base, { ...base, customerId: 'cus_2', deleted: true }]));
    await database.store.db.transaction().execute((trx) => upsertSummaries(trx, workspaceId, [{ ...base, mrr: 1, planName: 'first' }, { ...base, mrr: 2, planName: 'last' }]));
    const rows = await database.store.db.selectFrom('customer_summaries').selectAll().where('workspace_id', '=', workspaceId).orderBy('customer_id').execute();
    expect(rows.map((r) => [r.customer_id, r.name, r.email, Number(r.mrr), r.plan_name, r.deleted, r.cancel_scheduled, r.mrr_by_currency, new Date(r.customer_created_at!).toISOString(), r.signup_day, r.first_paid_day])).toEqual([
      ['cus_1', 'A "quoted" \\ name', null, 2, 'last', false, true, { eur: 1200, 'x"y': 5 }, '2024-02-03T04:05:06.789Z', '2024-02-03', null],
      ['cus_2', 'A "quoted" \\ name', null, 1200, null, true, true, { eur: 1200, 'x"y': 5 }, '2024-02-03T04:05:06.789Z', '2024-02-03', null],
    ]);
  });
});
