// Linking a product account to a billing customer (by a rule or by hand) gives that customer the
// tickets and survey answers that named only the account; unlinking leaves them where they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAccountLink } from '../../src/store/cs-accounts-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';

describe.each(BACKENDS)('an account link adopts the rows that named the account (%s)', (backend) => {
  let db: TestDatabase;
  let ws: Workspace;
  let other: Workspace;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    ws = await ensureWorkspace(db.store.db, { slug: 'adopt', name: 'Adopt' });
    other = await ensureWorkspace(db.store.db, { slug: 'adopt-other', name: 'Other' });
    const at = new Date('2026-01-10T10:00:00Z');
    for (const w of [ws, other]) {
      await db.store.db.insertInto('cs_accounts').values({ workspace_id: w.id, account_id: 'acct_1', first_seen_at: at, last_seen_at: at }).execute();
      await db.store.db.insertInto('support_tickets').values([
        { workspace_id: w.id, ticket_id: 't1', account_id: 'acct_1', status: 'open', priority: 'high', opened_at: at, source: 'api' },
        { workspace_id: w.id, ticket_id: 't2', account_id: 'acct_1', customer_id: 'cus_already', status: 'open', priority: 'low', opened_at: at, source: 'api' },
      ]).execute();
      await db.store.db.insertInto('survey_responses').values({ workspace_id: w.id, response_id: 'r1', kind: 'nps', account_id: 'acct_1', score: 3, responded_at: at, source: 'api' }).execute();
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives the unmatched rows to the customer, keeps matched ones, and touches no other workspace', async () => {
    expect(await setAccountLink(db.store.db, ws.id, 'acct_1', { customerId: 'cus_new', rule: 'manual' })).toBe(true);
    const tickets = await db.store.db.selectFrom('support_tickets').select(['workspace_id', 'ticket_id', 'customer_id']).orderBy('ticket_id').where('workspace_id', '=', ws.id).execute();
    expect(tickets.map((t) => [t.ticket_id, t.customer_id])).toEqual([['t1', 'cus_new'], ['t2', 'cus_already']]);
    const survey = await db.store.db.selectFrom('survey_responses').select('customer_id').where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    expect(survey.customer_id).toBe('cus_new');
    const untouched = await db.store.db.selectFrom('support_tickets').select('customer_id').where('workspace_id', '=', other.id).where('ticket_id', '=', 't1').executeTakeFirstOrThrow();
    expect(untouched.customer_id).toBeNull();
  });

  it('leaves them with the customer when the account is unlinked', async () => {
    expect(await setAccountLink(db.store.db, ws.id, 'acct_1', { customerId: null, rule: 'manual' })).toBe(true);
    const t1 = await db.store.db.selectFrom('support_tickets').select('customer_id').where('workspace_id', '=', ws.id).where('ticket_id', '=', 't1').executeTakeFirstOrThrow();
    expect(t1.customer_id).toBe('cus_new');
    expect(await setAccountLink(db.store.db, ws.id, 'acct_missing', { customerId: 'cus_new', rule: 'manual' })).toBe(false);
  });
});
