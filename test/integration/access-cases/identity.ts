// Access-matrix cases for the identity routes (issue 15; see test/helpers/access-case.ts): the
// customer-link changes each get two fresh customers of workspace A (two sources, two e-mails).
import type { Case, Fixtures } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';
import { upsertRecords } from '../../../src/store/records-repo.js';
import { linkCustomer } from '../../../src/engine/customer-identity.js';

/** Two customers of workspace A from two sources; returns their ids. */
async function twoCustomers(f: Fixtures): Promise<[string, string]> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const ids: [string, string] = [`cus_mx_${suffix}`, `PAYER${suffix.toUpperCase()}`];
  const record = (id: string) => ({ id, email: `${id}@example.com`, name: id, country: null, currency: null, created: 1_735_689_600, deleted: false, metadata: {} });
  await f.t.ctx.store.db.transaction().execute((trx) => upsertRecords(trx, ids.map((id, i) => ({
    workspaceId: f.a.id, sourceId: i === 0 ? f.source.id : 'src_matrix_paypal', eventId: `evt_${id}`, version: 1_735_689_600, records: { customers: [record(id)] },
  }))));
  return ids;
}

export const CASES: Record<string, Case> = {
  'GET /v1/customer-links': { ok: 200, build: (f) => inA(f, '/v1/customer-links') },
  'PUT /v1/customer-links/:customerId': {
    ok: 200,
    build: async (f) => {
      const [canonical, alias] = await twoCustomers(f);
      return inA(f, `/v1/customer-links/${alias}`, { method: 'PUT', payload: { canonicalId: canonical } });
    },
  },
  'DELETE /v1/customer-links/:customerId': {
    ok: 200,
    build: async (f) => {
      const [canonical, alias] = await twoCustomers(f);
      await linkCustomer(f.t.ctx.store.db, f.a, { customerId: alias, targetId: canonical, createdBy: 'matrix', now: new Date() });
      return inA(f, `/v1/customer-links/${alias}`, { method: 'DELETE' });
    },
  },
};
