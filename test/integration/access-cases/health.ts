// Access-matrix cases for the health routes (see test/helpers/access-case.ts).
import type { Case } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';

const CUSTOMER = 'cus_health_matrix';

export const CASES: Record<string, Case> = {
  'GET /v1/customers/:id/health': {
    ok: 200,
    build: async (f) => {
      const today = new Date().toISOString().slice(0, 10);
      await f.t.ctx.store.db.insertInto('customer_summaries')
        .values({ workspace_id: f.a.id, customer_id: CUSTOMER, status: 'active', signup_day: today, as_of_day: today, mrr_by_currency: '{}' })
        .onConflict((oc) => oc.columns(['workspace_id', 'customer_id']).doNothing()).execute();
      return inA(f, `/v1/customers/${CUSTOMER}/health`);
    },
  },
  'GET /v1/settings/success': { ok: 200, build: (f) => inA(f, '/v1/settings/success') },
  'PUT /v1/settings/success': { ok: 200, build: (f) => inA(f, '/v1/settings/success', { method: 'PUT', payload: { bands: { highRiskBelow: 40, healthyAbove: 70 } } }) },
};
