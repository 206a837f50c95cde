// Settings that rebuild run as jobs: changing the definitions preset answers at once (202) and
// rebuilds in the background with progress; webhooks keep being answered and events that arrive
// during the rebuild are applied after it — none lost: the end state equals a rebuild from
// scratch over every event, in the new preset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember } from '../helpers/auth.js';
import { derivedState } from '../helpers/derived-state.js';
import { signedWebhook, type TestEvent } from '../helpers/stripe-events.js';
import { demoEvents } from '../../src/demo/generate.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, findWorkspace } from '../../src/store/workspaces-repo.js';

const END = 1_767_225_600;
const NOW = new Date((END + 60) * 1000);
const SECRET = 'whsec_rebuild_job';
const events = demoEvents({ customers: 150, endAt: END, seed: 77 }) as unknown as TestEvent[];

describe.each(BACKENDS)('rebuild jobs (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW, env: { REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000' } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 202 at once, shows progress, and applies events that arrive meanwhile after it', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'rebuilding', name: 'Rebuilding' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    const post = async (e: TestEvent) => {
      const { body, headers } = signedWebhook(e, SECRET, END + 60);
      return (await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers })).statusCode;
    };
    const split = Math.floor(events.length * 0.7);
    for (const e of events.slice(0, split)) expect(await post(e)).toBe(200);
    await t.worker.drain();

    const put = await t.app.inject({ method: 'PUT', url: `/v1/settings/workspace?workspace=${ws.id}`, headers: owner.headers, payload: { preset: 'chartmogul' } });
    expect(put.statusCode).toBe(202);
    expect(put.json().rebuild).toMatchObject({ status: 'running', reason: 'definitions preset default → chartmogul' });
    // A second change while it runs is refused, not queued behind it silently.
    const again = await t.app.inject({ method: 'PUT', url: `/v1/settings/workspace?workspace=${ws.id}`, headers: owner.headers, payload: { preset: 'stripe' } });
    expect([409, 202]).toContain(again.statusCode); // 202 only if the first had already finished
    if (again.statusCode === 409) expect(again.json().error.code).toBe('RVP_REBUILD_IN_PROGRESS');

    // Events keep arriving and being processed during the rebuild.
    const during = (async () => {
      for (const e of events.slice(split)) expect(await post(e)).toBe(200);
      await t.worker.drain();
    })();
    let status: { status: string; done: number; total: number | null } = put.json().rebuild;
    for (let i = 0; i < 1200 && status.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await t.app.inject({ url: `/v1/settings/workspace?workspace=${ws.id}`, headers: owner.headers })).json().rebuild;
    }
    await during;
    await t.worker.drain();
    // The last change wins; wait for its job too.
    for (let i = 0; i < 1200; i++) {
      status = (await t.app.inject({ url: `/v1/settings/workspace?workspace=${ws.id}`, headers: owner.headers })).json().rebuild;
      if (status.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toMatchObject({ status: 'done' });
    expect(status.done).toBe(status.total);
    expect(status.total).toBeGreaterThan(100);

    const incremental = await derivedState(db.store.db, ws.id);
    const processed = await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).where('processed_at', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(processed.n)).toBe(events.length);
    const workspace = (await findWorkspace(db.store.db, ws.id))!;
    await rebuildWorkspace(db.store.db, workspace, NOW);
    expect(await derivedState(db.store.db, ws.id)).toEqual(incremental);
  }, 240_000);
});
