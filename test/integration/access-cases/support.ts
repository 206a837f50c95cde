// Access-matrix cases for the support, plan-limit and customer-activity routes (see
// test/helpers/access-case.ts).
import type { Case, Fixtures } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';

const rowId = () => `m-${Math.random().toString(36).slice(2, 10)}`;

/** A plan of workspace A whose limits may be replaced. */
async function planOf(f: Fixtures): Promise<string> {
  await f.t.ctx.store.db.insertInto('plans').values({ workspace_id: f.a.id, plan_id: 'prod_matrix', name: 'Matrix' }).onConflict((oc) => oc.doNothing()).execute();
  return 'prod_matrix';
}

export const CASES: Record<string, Case> = {
  'POST /v1/support/tickets': { ok: 200, build: (f) => inA(f, '/v1/support/tickets', { method: 'POST', payload: { id: rowId(), email: 'someone@example.com', openedAt: '2025-03-01T10:00:00Z' } }) },
  'POST /v1/surveys/responses': { ok: 200, build: (f) => inA(f, '/v1/surveys/responses', { method: 'POST', payload: { id: rowId(), score: 9, respondedAt: '2025-03-01' } }) },
  'GET /v1/support/tickets': { ok: 200, build: (f) => inA(f, '/v1/support/tickets') },
  'GET /v1/surveys/responses': { ok: 200, build: (f) => inA(f, '/v1/surveys/responses') },
  'POST /v1/imports/tickets': { ok: 200, build: (f) => inA(f, '/v1/imports/tickets?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, payload: 'id,opened_at\nx1,2025-03-01\n' }) },
  'POST /v1/imports/survey-responses': { ok: 200, build: (f) => inA(f, '/v1/imports/survey-responses?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, payload: 'id,score,responded_at\nx1,7,2025-03-01\n' }) },
  'GET /v1/customers/:id/activity': { ok: 404, okCode: 'RVP_CUSTOMER_NOT_FOUND', build: (f) => inA(f, '/v1/customers/cus_nobody/activity') },
  'GET /v1/settings/plan-limits': { ok: 200, build: (f) => inA(f, '/v1/settings/plan-limits') },
  'PUT /v1/settings/plan-limits': { ok: 200, build: async (f) => inA(f, '/v1/settings/plan-limits', { method: 'PUT', payload: { planId: await planOf(f), limits: [{ metric: 'api_call', limit: 1000, period: 'month' }] } }) },
  'GET /v1/customers/:id/usage': { ok: 404, okCode: 'RVP_CUSTOMER_NOT_FOUND', build: (f) => inA(f, '/v1/customers/cus_nobody/usage') },
};
