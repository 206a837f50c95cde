// /v1/settings/workspace: the reporting currency and the definitions preset. A change starts a
// background rebuild of every figure (202, with its progress on GET), a currency
// without FX rates for the workspace's billing currencies is refused naming the missing one (a
// rate eur → usd also converts usd into eur: its inverse, exactly), and
// only owners and admins may change anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('workspace settings (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let owner: Caller;
  let analyst: Caller;
  const call = (method: 'GET' | 'PUT', caller: Caller, payload?: object) =>
    t.app.inject({ method, url: `/v1/settings/workspace?workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });
  const summary = async () => (await t.app.inject({ url: `/v1/metrics/summary?workspace=${ws.id}`, headers: owner.headers })).json();
  /** Changes a setting and waits for its background rebuild, as the dashboard does. */
  const change = async (payload: object) => {
    const response = await call('PUT', owner, payload);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().rebuild).toMatchObject({ status: 'running' });
    for (let i = 0; i < 600; i++) {
      const rebuild = (await call('GET', owner)).json().rebuild as { status: string; done: number; total: number | null };
      if (rebuild.status !== 'running') {
        expect(rebuild.status).toBe('done');
        expect(rebuild.done).toBe(rebuild.total);
        return (await call('GET', owner)).json();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the rebuild did not finish');
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'settings-ws', name: 'Settings' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reads the settings and the currencies the stored rates can report in', async () => {
    const response = await call('GET', analyst);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Settings', reportingCurrency: 'usd', preset: 'default', mrrTarget: null, billingCurrencies: ['eur', 'usd'], reportingCurrencies: ['eur', 'usd'], rebuild: null });
  });

  it('refuses a reporting currency the rates cannot convert into, naming the missing currency', async () => {
    const response = await call('PUT', owner, { reportingCurrency: 'GBP' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'RVP_FX_RATE_MISSING', message: 'no FX rate from eur to gbp: import rates for EUR into GBP first' });
    expect((await call('GET', owner)).json().reportingCurrency).toBe('usd');
  });

  it('switches to EUR once rates exist, and every figure is in EUR when the call returns', async () => {
    const before = await summary();
    await upsertFxRates(db.store.db, ws.id, 'eur', [{ currency: 'usd', day: '2024-01-01', rate: '0.8' }]);
    expect((await call('GET', owner)).json().reportingCurrencies).toEqual(['eur', 'usd']);
    expect(await change({ reportingCurrency: 'eur' })).toMatchObject({ reportingCurrency: 'eur', preset: 'default' });
    const after = await summary();
    expect(after.currency).toBe('eur');
    expect(after.payingCustomers).toBe(before.payingCustomers);
    expect(after.mrr).not.toBe(before.mrr);
    const list = (await t.app.inject({ url: `/v1/customers?workspace=${ws.id}&sort=-mrr`, headers: owner.headers })).json();
    expect(list.data.length).toBeGreaterThan(0);
    const audit = (await t.app.inject({ url: `/v1/audit?workspace=${ws.id}&action=settings.workspace_updated`, headers: owner.headers })).json();
    expect(audit.data[0]).toMatchObject({ action: 'settings.workspace_updated' });
    expect((await change({ reportingCurrency: 'usd' })).reportingCurrency).toBe('usd');
    expect((await summary()).mrr).toBe(before.mrr);
  });

  it('changes the preset and rebuilds the ledger with it', async () => {
    expect((await change({ preset: 'chartmogul' })).preset).toBe('chartmogul');
    expect((await summary()).currency).toBe('usd');
    expect((await change({ preset: 'default' })).preset).toBe('default');
  });

  it.each([
    [{}, 'reportingCurrency'],
    [{ preset: 'profitwell' }, 'preset'],
    [{ reportingCurrency: 'dollars' }, 'reportingCurrency'],
  ])('refuses %j, naming %s', async (body, field) => {
    const response = await call('PUT', owner, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringContaining(field) });
  });

  it('lets only owners and admins change the settings', async () => {
    const response = await call('PUT', analyst, { preset: 'stripe' });
    expect(response.statusCode).toBe(403);
    expect((await call('GET', owner)).json().preset).toBe('default');
  });
});
