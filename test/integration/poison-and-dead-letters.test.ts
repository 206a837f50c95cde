// Poison events are contained. An event beyond what the engine represents is answered and dropped
// with a typed reason; an event whose processing throws is retried with backoff and parked as a
// dead letter after five failures — visible on its source and in the API, retryable after a fix —
// while every other event goes on; a customer whose ledger cannot be computed is parked the same
// way without holding up anyone else. Before, one such event crash-looped the server.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, type Caller } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { MAX_ATTEMPTS } from '../../src/store/raw-events-repo.js';

const NOW = new Date('2025-07-01T12:00:00Z');
const AT = Math.floor(NOW.getTime() / 1000);
const SECRET = 'whsec_poison_test_secret';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/stripe/${name}`, import.meta.url), 'utf8')) as TestEvent;

describe.each(BACKENDS)('poison events and dead letters (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let run = 0;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW, env: { REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000' } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function setup(): Promise<{ workspace: Workspace; sourceId: string; caller: Caller; post: (e: TestEvent) => Promise<number> }> {
    run++;
    const workspace = await ensureWorkspace(db.store.db, { slug: `poison${run}`, name: `Poison ${run}` });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const caller = await apiKeyCaller(t, workspace.id, 'admin');
    const post = async (e: TestEvent) => {
      const { body, headers } = signedWebhook(e, SECRET, AT);
      return (await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers })).statusCode;
    };
    return { workspace, sourceId: source.id, caller, post };
  }

  const rawEvent = (workspaceId: string, eventId: string) =>
    db.store.db.selectFrom('raw_events').select(['processed_at', 'drop_reason', 'drop_detail', 'attempts', 'last_error', 'next_attempt_at', 'dead_at'])
      .where('workspace_id', '=', workspaceId).where('event_id', '=', eventId).executeTakeFirstOrThrow();
  const mrrOf = async (workspaceId: string, customerId: string) => {
    const rows = await db.store.db.selectFrom('ledger_entries').select(['mrr', 'day']).where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('day', 'desc').execute();
    return rows[0]?.mrr ?? null;
  };
  const good = (customer: string, amount: number) =>
    event('customer.subscription.created', subscription({ customer, price: price({ amount }), start: AT - 86_400 * 3 }), AT - 86_400 * 3);
  /** Time passing: the retry that was scheduled is due now. */
  const makeDue = (workspaceId: string) => sql`update raw_events set next_attempt_at = now() - interval '1 second' where workspace_id = ${workspaceId} and next_attempt_at is not null`.execute(db.store.db);

  it('answers an event with a quantity of 2^53 − 1, drops it as out_of_range and goes on with the next', async () => {
    const { workspace, post, caller } = await setup();
    const poison = good('cus_huge', 2900);
    (poison.data.object.items as { data: { quantity: number }[] }).data[0]!.quantity = Number.MAX_SAFE_INTEGER;
    const next = good('cus_next', 2900);
    expect(await post(poison)).toBe(200);
    expect(await post(next)).toBe(200);
    await t.worker.drain();
    expect(await rawEvent(workspace.id, poison.id)).toMatchObject({ drop_reason: 'out_of_range', last_error: null, dead_at: null });
    expect((await rawEvent(workspace.id, poison.id)).drop_detail).toMatch(/items\.data\.0\.quantity: .*out of range/);
    expect(await mrrOf(workspace.id, 'cus_next')).toBe(2900);
    expect(await mrrOf(workspace.id, 'cus_huge')).toBeNull();
    const summary = await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers: caller.headers });
    expect(summary.statusCode).toBe(200);
  });

  it('retries an event whose processing throws, parks it after five failures, and applies it once retried after the fix', async () => {
    const { workspace, sourceId, post, caller } = await setup();
    // A real fault in the database, for this one customer: its insert fails.
    await sql.raw(`create or replace function poison_customer() returns trigger language plpgsql as $$
      begin if new.customer_id = 'cus_poison' then raise exception 'poisoned row for %', new.customer_id; end if; return new; end $$`).execute(db.store.db);
    await sql.raw('create trigger poison_customer before insert or update on customers for each row execute function poison_customer()').execute(db.store.db);
    try {
      const before = good('cus_before', 1900);
      const poison = event('customer.created', { id: 'cus_poison', object: 'customer', email: 'p@example.com', name: 'Poison Ltd', created: AT - 3600, metadata: {} }, AT - 3600);
      const after = good('cus_after', 4900);
      for (const e of [before, poison, after]) expect(await post(e)).toBe(200);
      await t.worker.drain();

      // The others went through; the poison waits for its retry with its error.
      expect(await mrrOf(workspace.id, 'cus_before')).toBe(1900);
      expect(await mrrOf(workspace.id, 'cus_after')).toBe(4900);
      const first = await rawEvent(workspace.id, poison.id);
      expect(first).toMatchObject({ processed_at: null, attempts: 1, dead_at: null });
      expect(first.last_error).toMatch(/poisoned row for cus_poison/);
      expect(first.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() - 5_000);
      // Not due yet: a drain leaves it alone (backoff).
      await t.worker.drain();
      expect((await rawEvent(workspace.id, poison.id)).attempts).toBe(1);

      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        await makeDue(workspace.id);
        await t.worker.drain();
        expect((await rawEvent(workspace.id, poison.id)).attempts).toBe(attempt);
      }
      const parked = await rawEvent(workspace.id, poison.id);
      expect(parked.dead_at).not.toBeNull();
      await makeDue(workspace.id);
      await t.worker.drain();
      expect((await rawEvent(workspace.id, poison.id)).attempts).toBe(MAX_ATTEMPTS); // parked: not tried again

      // Visible: on its source, and in the dead-letter API with its reason.
      const sources = (await t.app.inject({ url: `/v1/sources?workspace=${workspace.id}`, headers: caller.headers })).json() as { data: { id: string; deadLetters: number }[] };
      expect(sources.data.find((s) => s.id === sourceId)?.deadLetters).toBe(1);
      const listed = (await t.app.inject({ url: `/v1/dead-letters?workspace=${workspace.id}`, headers: caller.headers })).json() as { events: { eventId: string; attempts: number; lastError: string }[] };
      expect(listed.events).toEqual([expect.objectContaining({ eventId: poison.id, attempts: MAX_ATTEMPTS, lastError: expect.stringMatching(/poisoned row/) })]);

      // The fix, then a retry: applied once, and nothing left parked.
      await sql.raw('drop trigger poison_customer on customers').execute(db.store.db);
      const retried = await t.app.inject({ method: 'POST', url: `/v1/dead-letters/retry?workspace=${workspace.id}`, headers: caller.headers, payload: {} });
      expect(retried.json()).toEqual({ retried: { events: 1, ledgers: 0 } });
      await t.worker.drain();
      expect(await rawEvent(workspace.id, poison.id)).toMatchObject({ drop_reason: null, last_error: null, dead_at: null });
      expect((await rawEvent(workspace.id, poison.id)).processed_at).not.toBeNull();
      const stored = await db.store.db.selectFrom('customers').select('name').where('workspace_id', '=', workspace.id).where('customer_id', '=', 'cus_poison').executeTakeFirst();
      expect(stored?.name).toBe('Poison Ltd');
      const empty = (await t.app.inject({ url: `/v1/dead-letters?workspace=${workspace.id}`, headers: caller.headers })).json() as { events: unknown[]; ledgers: unknown[] };
      expect(empty).toEqual({ events: [], ledgers: [] });
    } finally {
      await sql.raw('drop trigger if exists poison_customer on customers').execute(db.store.db);
    }
  });

  it('parks a customer whose ledger cannot be computed and keeps computing everyone else', async () => {
    const { workspace, post, caller } = await setup();
    // Each field in range, but quantity × the tier's unit price (resolved later from the price
    // record) is ~10^25 minor units: the engine refuses it (RangeError).
    const sub = fixture('customer.subscription.updated.basil-tiered-without-tiers.json');
    (sub.data.object.items as { data: { quantity: number }[] }).data[0]!.quantity = 10 ** 12;
    const tiers = fixture('price.updated.graduated-with-tiers.json');
    (tiers.data.object.tiers as { unit_amount_decimal: string | null }[])[1]!.unit_amount_decimal = '9999999999999';
    const other = good('cus_fine', 2500);
    for (const e of [tiers, sub, other]) expect(await post(e)).toBe(200);
    await t.worker.drain();
    expect(await mrrOf(workspace.id, 'cus_fine')).toBe(2500);
    const customerId = (sub.data.object as { customer: string }).customer;
    const queued = () => db.store.db.selectFrom('ledger_pending').select(['attempts', 'last_error', 'dead_at']).where('workspace_id', '=', workspace.id).where('customer_id', '=', customerId).executeTakeFirst();
    expect(await queued()).toMatchObject({ attempts: 1, dead_at: null, last_error: expect.stringMatching(/RangeError: amount out of range/) });
    for (let i = 2; i <= 5; i++) {
      await sql`update ledger_pending set next_attempt_at = now() - interval '1 second' where workspace_id = ${workspace.id}`.execute(db.store.db);
      await t.worker.drain();
    }
    expect((await queued())?.dead_at).not.toBeNull();
    const listed = (await t.app.inject({ url: `/v1/dead-letters?workspace=${workspace.id}`, headers: caller.headers })).json() as { ledgers: { customerId: string; lastError: string }[] };
    expect(listed.ledgers).toEqual([expect.objectContaining({ customerId, lastError: expect.stringMatching(/amount out of range/) })]);
    // Still working for everyone else.
    const later = good('cus_later', 900);
    expect(await post(later)).toBe(200);
    await t.worker.drain();
    expect(await mrrOf(workspace.id, 'cus_later')).toBe(900);
    const summary = await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers: caller.headers });
    expect(summary.statusCode).toBe(200);
    expect((summary.json() as { mrr: { value: number } }).mrr).toBeDefined();
  });
});
