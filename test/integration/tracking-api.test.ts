// The Segment-compatible tracking API end to end on a real database: write-key auth (Basic and
// Bearer, roles, revoked and foreign keys), the spec's example payloads, idempotency, limits and
// per-message errors, the roll-up's exactness (replays, a crash before commit, two roll-ups at
// once, messages held until their user is grouped), the link rules and the accounts list.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { revokeApiKey } from '../../src/store/api-keys-repo.js';
import { upsertRecords } from '../../src/store/records-repo.js';
import { rollUpAll, rollUpOnce } from '../../src/ingest/segment/rollup.js';
import type { CustomerRecord } from '../../src/core/records.js';
import { createSignalRollupJob } from '../../src/jobs/signal-rollup.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/segment/${name}.json`, import.meta.url), 'utf8');
const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` });
let counter = 0;
const uid = (p: string) => `${p}${++counter}_${Math.random().toString(36).slice(2, 8)}`;

describe.each(BACKENDS)('tracking API (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  const now = () => new Date('2026-03-10T12:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const workspace = () => ensureWorkspace(db.store.db, { slug: uid('ws'), name: 'Tracking' });
  const ingestKey = async (ws: Workspace) => (await apiKeyCaller(t, ws.id, 'ingest')).token;
  const post = (route: string, body: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/v1/${route}`, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const rows = (ws: Workspace) => db.store.db.selectFrom('signal_events').where('workspace_id', '=', ws.id).selectAll().orderBy('message_id').execute();
  const usage = (ws: Workspace) => db.store.db.selectFrom('usage_daily').where('workspace_id', '=', ws.id).select(['account_id', 'day', 'event', 'events', 'quantity', 'users']).orderBy('account_id').orderBy('day').orderBy('event').execute();
  const activity = (ws: Workspace) => db.store.db.selectFrom('user_activity_daily').where('workspace_id', '=', ws.id).select(['account_id', 'user_id', 'day', 'events']).orderBy('account_id').orderBy('user_id').orderBy('day').execute();
  const account = (ws: Workspace, id: string) => db.store.db.selectFrom('cs_accounts').where('workspace_id', '=', ws.id).where('account_id', '=', id).selectAll().executeTakeFirst();
  const rollUp = () => rollUpAll(db.store, { now });
  const seedCustomers = async (ws: Workspace, customers: Array<Partial<CustomerRecord> & { id: string }>) => {
    await db.store.db.transaction().execute((trx) =>
      upsertRecords(trx, customers.map((c, i) => ({
        workspaceId: ws.id, sourceId: 'src_test', eventId: `evt_${c.id}`, version: 1_700_000_000 + i,
        records: { customers: [{ email: null, name: null, country: null, currency: null, created: 1_700_000_000, deleted: false, metadata: {}, ...c }] },
      }))),
    );
  };

  describe('authentication and tenancy', () => {
    it('accepts every example payload of the Segment spec as-is, with the write key as Basic username', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      for (const [route, file] of [['identify', 'identify'], ['identify', 'identify-integrations'], ['track', 'track'], ['page', 'page'], ['screen', 'screen'], ['group', 'group'], ['batch', 'batch']] as const) {
        const response = await post(route, fixture(file), headers);
        expect(response.statusCode, `${file}: ${response.body}`).toBe(200);
        expect(response.json()).toEqual({ success: true });
      }
      const stored = await rows(ws);
      // identify and identify-integrations differ only in integrations: two messages; batch: four.
      expect(stored).toHaveLength(10);
      expect(stored.map((r) => r.type).sort()).toEqual(['group', 'identify', 'identify', 'identify', 'identify', 'page', 'screen', 'track', 'track', 'track']);
      expect(stored.every((r) => !('writeKey' in r.payload))).toBe(true);
      const cindy = stored.find((r) => r.type === 'track' && r.user_id === '971mj8mk7p')!;
      expect(new Date(cindy.occurred_at).toISOString()).toBe('2015-02-02T00:30:12.984Z');
      expect((cindy.payload.context as { device: { name: string } }).device.name).toBe('Apple iPhone 6');
    });

    it('accepts a Bearer key, refuses a viewer key (403), a wrong or revoked key (401)', async () => {
      const ws = await workspace();
      const body = { userId: 'u1', event: 'Signed In' };
      const ingest = await apiKeyCaller(t, ws.id, 'ingest');
      expect((await post('track', body, ingest.headers)).statusCode).toBe(200);
      const admin = await apiKeyCaller(t, ws.id, 'admin');
      expect((await post('track', body, basic(admin.token))).statusCode).toBe(200);
      const viewer = await apiKeyCaller(t, ws.id, 'viewer');
      const refused = await post('track', body, basic(viewer.token));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('RVP_FORBIDDEN');
      expect((await post('track', body, basic(`${ingest.token.slice(0, -4)}abcd`))).statusCode).toBe(401);
      expect((await post('track', body, { authorization: `Basic ${Buffer.from(`${ingest.token}:secret`).toString('base64')}` })).statusCode).toBe(401);
      expect((await post('track', body, {})).statusCode).toBe(401);
      await revokeApiKey(db.store.db, ws.id, ingest.keyId, now());
      expect((await post('track', body, basic(ingest.token))).statusCode).toBe(401);
      // An ingest key reads nothing.
      const read = await t.app.inject({ url: '/v1/success/accounts', headers: basic((await apiKeyCaller(t, ws.id, 'ingest')).token) });
      expect(read.statusCode).toBe(403);
    });

    it('writes with a key of workspace B into B only, and never into A even when A is named', async () => {
      const a = await workspace();
      const b = await workspace();
      const keyB = await ingestKey(b);
      expect((await post('track', { userId: 'u1', event: 'B event', messageId: 'm-b' }, basic(keyB))).statusCode).toBe(200);
      const named = await t.app.inject({ method: 'POST', url: `/v1/track?workspace=${a.id}`, headers: { 'content-type': 'application/json', ...basic(keyB) }, payload: JSON.stringify({ userId: 'u1', event: 'A?' }) });
      expect(named.statusCode).toBe(404);
      expect(await rows(a)).toHaveLength(0);
      expect((await rows(b)).map((r) => r.message_id)).toEqual(['m-b']);
    });
  });

  describe('storing', () => {
    it('stores a replay once and answers success each time; a message without messageId gets a stable one', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      const withId = { userId: 'u1', event: 'Report Run', messageId: 'abc-1', timestamp: '2026-03-09T10:00:00Z' };
      const withoutId = { userId: 'u1', event: 'Report Run', timestamp: '2026-03-09T10:05:00Z' };
      for (let i = 0; i < 3; i++) {
        expect((await post('track', withId, headers)).json()).toEqual({ success: true });
        expect((await post('track', { ...withoutId, sentAt: `2026-03-09T10:0${5 + i}:01Z` }, headers)).json()).toEqual({ success: true });
      }
      const stored = await rows(ws);
      expect(stored).toHaveLength(2);
      expect(stored.map((r) => r.message_id).filter((id) => id.startsWith('rvp-'))).toHaveLength(1);
    });

    it('refuses a bad message with the field and, in a batch, the index — and stores nothing of that batch', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      const batch = { batch: [{ type: 'track', userId: 'u1', event: 'Fine' }, { type: 'track', userId: 'u1' }, { type: 'page' }, { type: 'alias', userId: 'u1' }] };
      const response = await post('batch', batch, headers);
      expect(response.statusCode).toBe(400);
      const message: string = response.json().error.message;
      expect(message).toContain('batch[1].event');
      expect(message).toContain('batch[2].userId');
      expect(message).toContain('batch[3].type');
      expect(await rows(ws)).toHaveLength(0);
      const missing = await post('group', { userId: 'u1' }, headers);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.message).toMatch(/^groupId: /);
      const wrongType = await post('track', { type: 'identify', userId: 'u1', event: 'x' }, headers);
      expect(wrongType.json().error.message).toMatch(/^type: /);
      expect((await post('track', { userId: 'u1', event: 'x', timestamp: 'yesterday' }, headers)).json().error.message).toMatch(/^timestamp: /);
      expect((await post('track', '{"userId":"u1",', headers)).statusCode).toBe(400);
    });

    it('enforces 32 KB per message, 2,500 messages and 500 KB per batch', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      const big = { type: 'track', userId: 'u1', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } };
      const oneBig = await post('batch', { batch: [{ type: 'track', userId: 'u1', event: 'Small' }, big] }, headers);
      expect(oneBig.statusCode).toBe(400);
      expect(oneBig.json().error.message).toMatch(/^batch\[1\]: is \d+ bytes; a message may be at most 32768 bytes/);
      expect((await post('track', big, headers)).statusCode).toBe(413);
      const tooMany = await post('batch', { batch: Array.from({ length: 2501 }, (_, i) => ({ type: 'track', userId: 'u', event: 'e', messageId: `m${i}` })) }, headers);
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().error.message).toMatch(/^batch: must hold at most 2500/);
      const huge = await post('batch', { batch: Array.from({ length: 20 }, () => ({ ...big, properties: { blob: 'y'.repeat(30 * 1024) } })) }, headers);
      expect(huge.statusCode).toBe(413);
      const fits = await post('batch', { batch: Array.from({ length: 15 }, (_, i) => ({ type: 'track', userId: 'u1', event: 'Fits', messageId: `f${i}`, properties: { blob: 'z'.repeat(30 * 1024) } })) }, headers);
      expect(fits.statusCode).toBe(200);
      expect(await rows(ws)).toHaveLength(15);
    });
  });

  describe('rolling up', () => {
    const sendDay = async (headers: Record<string, string>) => {
      const batch = [
        { type: 'group', userId: 'ann', groupId: 'acct-1', traits: { name: 'Acme' }, timestamp: '2026-03-08T08:00:00Z', messageId: 'g1' },
        { type: 'group', userId: 'bob', groupId: 'acct-1', timestamp: '2026-03-08T08:00:00Z', messageId: 'g2' },
        { type: 'track', userId: 'ann', event: 'Report Run', properties: { quantity: 3 }, timestamp: '2026-03-08T09:00:00Z', messageId: 't1' },
        { type: 'track', userId: 'ann', event: 'Report Run', properties: { quantity: 2.5 }, timestamp: '2026-03-08T23:59:59Z', messageId: 't2' },
        { type: 'track', userId: 'bob', event: 'Report Run', timestamp: '2026-03-08T10:00:00Z', messageId: 't3' },
        { type: 'track', userId: 'bob', event: 'Report Run', properties: { quantity: 'lots' }, timestamp: '2026-03-09T00:00:00Z', messageId: 't4' },
        { type: 'page', userId: 'ann', name: 'Home', timestamp: '2026-03-08T09:30:00Z', messageId: 'p1' },
        { type: 'track', anonymousId: 'anon-1', event: 'Visited', context: { groupId: 'acct-1' }, timestamp: '2026-03-08T11:00:00Z', messageId: 't5' },
        { type: 'track', anonymousId: 'anon-2', event: 'Visited', timestamp: '2026-03-08T11:00:00Z', messageId: 't6' },
      ];
      expect((await post('batch', { batch }, headers)).statusCode).toBe(200);
    };
    const expected = [
      { account_id: 'acct-1', day: '2026-03-08', event: '$page', events: 1, quantity: 1, users: 1 },
      { account_id: 'acct-1', day: '2026-03-08', event: 'Report Run', events: 3, quantity: 6.5, users: 2 },
      { account_id: 'acct-1', day: '2026-03-08', event: 'Visited', events: 1, quantity: 1, users: 0 },
      { account_id: 'acct-1', day: '2026-03-09', event: 'Report Run', events: 1, quantity: 1, users: 1 },
    ];

    it('folds events per account, UTC day and event: events, quantity, distinct users; replays and re-runs change nothing', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      await sendDay(headers);
      await rollUp();
      const outcome = await rows(ws);
      expect(outcome.filter((r) => r.rolled_up_at !== null && r.drop_reason === null)).toHaveLength(8);
      expect(outcome.filter((r) => r.drop_reason === 'anonymous').map((r) => r.message_id)).toEqual(['t6']);
      expect(await usage(ws)).toEqual(expected);
      expect(await activity(ws)).toEqual([
        { account_id: 'acct-1', user_id: 'ann', day: '2026-03-08', events: 3 },
        { account_id: 'acct-1', user_id: 'bob', day: '2026-03-08', events: 1 },
        { account_id: 'acct-1', user_id: 'bob', day: '2026-03-09', events: 1 },
      ]);
      expect(await account(ws, 'acct-1')).toMatchObject({ name: 'Acme' });
      await sendDay(headers); // a replay of the whole batch
      expect(await rows(ws)).toHaveLength(9);
      await rollUp();
      expect(await usage(ws)).toEqual(expected);
      // New users of a known event on a known day add to users; a known user does not.
      await post('batch', { batch: [
        { type: 'group', userId: 'cat', groupId: 'acct-1', timestamp: '2026-03-08T12:00:00Z' },
        { type: 'track', userId: 'cat', event: 'Report Run', timestamp: '2026-03-08T12:00:00Z' },
        { type: 'track', userId: 'ann', event: 'Report Run', timestamp: '2026-03-08T12:00:01Z' },
      ] }, headers);
      await rollUp();
      expect((await usage(ws)).find((u) => u.event === 'Report Run' && u.day === '2026-03-08')).toMatchObject({ events: 5, quantity: 8.5, users: 3 });
    });

    it('counts nothing when a roll-up fails before its commit, and everything once when run again', async () => {
      const ws = await workspace();
      await sendDay(basic(await ingestKey(ws)));
      await expect(rollUpOnce(db.store, { now, beforeCommit: async () => { throw new Error('crash between claim and commit'); } })).rejects.toThrow('crash');
      expect(await usage(ws)).toEqual([]);
      expect(await db.store.db.selectFrom('cs_accounts').where('workspace_id', '=', ws.id).selectAll().execute()).toEqual([]);
      expect((await rows(ws)).every((r) => r.rolled_up_at === null)).toBe(true);
      await rollUp();
      expect(await usage(ws)).toEqual(expected);
    });

    it('two roll-ups at once take disjoint messages: nothing counted twice', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      await post('batch', { batch: [{ type: 'group', userId: 'ann', groupId: 'acct-c', timestamp: '2026-03-08T08:00:00Z' }] }, headers);
      await rollUp();
      const events = Array.from({ length: 300 }, (_, i) => ({ type: 'track', userId: `u${i % 7}`, event: 'Click', context: { groupId: 'acct-c' }, timestamp: '2026-03-08T10:00:00Z', messageId: `c${i}` }));
      await post('batch', { batch: events }, headers);
      const passes = await Promise.all([rollUpAll(db.store, { now, batchSize: 40 }), rollUpAll(db.store, { now, batchSize: 40 }), rollUpAll(db.store, { now, batchSize: 40 })]);
      expect(passes.reduce((s, p) => s + p.counted, 0)).toBeGreaterThanOrEqual(300);
      expect(await usage(ws)).toEqual([{ account_id: 'acct-c', day: '2026-03-08', event: 'Click', events: 300, quantity: 300, users: 7 }]);
    });

    it('the background job rolls up on its own (poll) and when woken, and stops cleanly', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      const job = createSignalRollupJob({ store: db.store, logger: t.ctx.logger, now, bus: t.ctx.bus, config: t.ctx.config });
      job.start();
      try {
        await post('batch', { batch: [{ type: 'track', userId: 'j1', event: 'Job Ran', context: { groupId: 'acct-job' }, timestamp: '2026-03-08T10:00:00Z' }] }, headers);
        job.wake();
        const deadline = Date.now() + 10_000;
        while ((await usage(ws)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(await usage(ws)).toEqual([{ account_id: 'acct-job', day: '2026-03-08', event: 'Job Ran', events: 1, quantity: 1, users: 1 }]);
      } finally {
        await job.stop();
      }
    });

    it('holds a user’s events until a group call ties the user to an account, then counts them on their own day', async () => {
      const ws = await workspace();
      const headers = basic(await ingestKey(ws));
      await post('track', { userId: 'late', event: 'Export', timestamp: '2026-03-01T10:00:00Z' }, headers);
      await post('identify', { userId: 'late', traits: { email: 'late@initech.example' }, timestamp: '2026-03-01T09:00:00Z' }, headers);
      await rollUp();
      expect(await usage(ws)).toEqual([]);
      expect((await rows(ws)).find((r) => r.type === 'track')).toMatchObject({ rolled_up_at: null, held_at: expect.any(Date) });
      await post('group', { userId: 'late', groupId: 'acct-late', timestamp: '2026-03-05T10:00:00Z' }, headers);
      expect((await rollUp()).released).toBeGreaterThanOrEqual(1);
      expect(await usage(ws)).toEqual([{ account_id: 'acct-late', day: '2026-03-01', event: 'Export', events: 1, quantity: 1, users: 1 }]);
      const user = await db.store.db.selectFrom('cs_users').where('workspace_id', '=', ws.id).where('user_id', '=', 'late').selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({ account_id: 'acct-late', email: 'late@initech.example' });
    });
  });

  describe('linking accounts to billing customers', () => {
    it('links by customer id trait, by groupId, by external id in metadata, by e-mail domain — never by a public domain', async () => {
      const ws = await workspace();
      await seedCustomers(ws, [
        { id: 'cus_trait', email: 'ops@trait.example' },
        { id: 'cus_group' },
        { id: 'cus_ext', metadata: { external_id: 'org-42' } },
        { id: 'cus_domain', email: 'billing@initech.example', name: 'Initech' },
        { id: 'cus_gmail', email: 'someone@gmail.com' },
      ]);
      const headers = basic(await ingestKey(ws));
      await post('batch', { batch: [
        { type: 'group', userId: 'u1', groupId: 'acct-trait', traits: { stripe_customer_id: 'cus_trait' } },
        { type: 'group', userId: 'u2', groupId: 'cus_group' },
        { type: 'group', userId: 'u3', groupId: 'acct-ext', traits: { external_id: 'org-42' } },
        { type: 'identify', userId: 'u4', traits: { email: 'Peter@Initech.example' } },
        { type: 'group', userId: 'u4', groupId: 'acct-domain' },
        { type: 'identify', userId: 'u5', traits: { email: 'friend@gmail.com' } },
        { type: 'group', userId: 'u5', groupId: 'acct-public' },
      ] }, headers);
      await rollUp();
      expect(await account(ws, 'acct-trait')).toMatchObject({ customer_id: 'cus_trait', link_rule: 'customer_id' });
      expect(await account(ws, 'cus_group')).toMatchObject({ customer_id: 'cus_group', link_rule: 'customer_id' });
      expect(await account(ws, 'acct-ext')).toMatchObject({ customer_id: 'cus_ext', link_rule: 'external_id' });
      expect(await account(ws, 'acct-domain')).toMatchObject({ customer_id: 'cus_domain', link_rule: 'email_domain' });
      expect(await account(ws, 'acct-public')).toMatchObject({ customer_id: null, link_rule: null });
    });

    it('lists unmatched accounts with people, last seen and a suggestion; a manual link sticks and the rules never undo it', async () => {
      const ws = await workspace();
      await seedCustomers(ws, [{ id: 'cus_a1', email: 'a@globex.example', name: 'Globex East' }, { id: 'cus_a2', email: 'b@globex.example', name: 'Globex West' }]);
      const headers = basic(await ingestKey(ws));
      await post('batch', { batch: [
        { type: 'identify', userId: 'g1', traits: { email: 'x@globex.example' } },
        { type: 'group', userId: 'g1', groupId: 'acct-globex', traits: { name: 'Globex' }, timestamp: '2026-03-09T10:00:00Z' },
        { type: 'group', userId: 'g2', groupId: 'acct-globex', timestamp: '2026-03-09T11:00:00Z' },
        { type: 'group', userId: 'h1', groupId: 'acct-nobody', timestamp: '2026-03-08T11:00:00Z' },
      ] }, headers);
      await rollUp();
      const owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
      const list = await t.app.inject({ url: `/v1/success/accounts?linked=false&workspace=${ws.id}`, headers: owner.headers });
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body.total).toBe(2);
      expect(body.data.map((a: { accountId: string }) => a.accountId)).toEqual(['acct-globex', 'acct-nobody']);
      expect(body.data[0]).toMatchObject({ name: 'Globex', users: 2, customer: null, lastSeenAt: '2026-03-09T11:00:00.000Z', suggestion: { rule: 'email_domain', customer: { id: 'cus_a1' } } });
      expect(body.data[1].suggestion).toBeNull();
      const paged = await t.app.inject({ url: `/v1/success/accounts?linked=false&limit=1&workspace=${ws.id}`, headers: owner.headers });
      const second = await t.app.inject({ url: `/v1/success/accounts?linked=false&limit=1&cursor=${paged.json().nextCursor}&workspace=${ws.id}`, headers: owner.headers });
      expect([paged.json().data[0].accountId, second.json().data[0].accountId]).toEqual(['acct-globex', 'acct-nobody']);
      expect(second.json().nextCursor).toBeNull();

      const link = await t.app.inject({ method: 'PUT', url: `/v1/success/accounts/acct-globex/link?workspace=${ws.id}`, headers: owner.headers, payload: { customerId: 'cus_a2' } });
      expect(link.statusCode).toBe(200);
      expect(link.json().account).toMatchObject({ customer: { id: 'cus_a2', name: 'Globex West' }, linkRule: 'manual' });
      // A later group call with an id trait pointing elsewhere: the person's choice stands.
      await post('group', { userId: 'g1', groupId: 'acct-globex', traits: { customer_id: 'cus_a1' } }, headers);
      await rollUp();
      expect(await account(ws, 'acct-globex')).toMatchObject({ customer_id: 'cus_a2', link_rule: 'manual' });
      const unlink = await t.app.inject({ method: 'PUT', url: `/v1/success/accounts/acct-globex/link?workspace=${ws.id}`, headers: owner.headers, payload: { customerId: null } });
      expect(unlink.json().account).toMatchObject({ customer: null, linkRule: 'manual', suggestion: { customer: { id: 'cus_a1' }, rule: 'customer_id' } });
      const linked = await t.app.inject({ url: `/v1/success/accounts?linked=true&workspace=${ws.id}`, headers: owner.headers });
      expect(linked.json().total).toBe(0);

      const noCustomer = await t.app.inject({ method: 'PUT', url: `/v1/success/accounts/acct-globex/link?workspace=${ws.id}`, headers: owner.headers, payload: { customerId: 'cus_missing' } });
      expect(noCustomer.json().error.code).toBe('RVP_CUSTOMER_NOT_FOUND');
      const noAccount = await t.app.inject({ method: 'PUT', url: `/v1/success/accounts/acct-missing/link?workspace=${ws.id}`, headers: owner.headers, payload: { customerId: 'cus_a1' } });
      expect(noAccount.statusCode).toBe(404);
      expect(noAccount.json().error.code).toBe('RVP_SUCCESS_ACCOUNT_NOT_FOUND');
    });
  });
});
