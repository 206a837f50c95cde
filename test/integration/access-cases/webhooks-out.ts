// Access-matrix cases for outgoing webhook endpoints and deliveries (issue 17); see test/helpers/access-case.ts.
// Endpoints point at a closed local port: a test send or replay fails at once (connection refused)
// and still answers 200 with the failed attempt.
import { createEndpoint, insertDelivery } from '../../../src/store/outgoing-webhooks-repo.js';
import { inA, type Case, type Fixtures } from '../../helpers/access-case.js';

const CLOSED = 'http://127.0.0.1:9/hook';

async function endpointOf(f: Fixtures): Promise<string> {
  const endpoint = await createEndpoint(f.t.ctx.store.db, f.t.ctx.box, { workspaceId: f.a.id, url: CLOSED, description: 'matrix', eventTypes: ['mrr.changed'], secret: 'whsec_matrix', createdBy: null, at: new Date() });
  return endpoint.id;
}

async function deliveryOf(f: Fixtures): Promise<string> {
  const endpointId = await endpointOf(f);
  return insertDelivery(f.t.ctx.store.db, f.a.id, endpointId, { type: 'mrr.changed', key: null, data: { currency: 'usd', mrr: 100, arr: 1200, payingCustomers: 1, arpa: 100 } }, new Date());
}

export const CASES: Record<string, Case> = {
  'POST /v1/webhook-endpoints': {
    ok: 201,
    build: async (f) => {
      // The other cases' endpoints would reach the limit of 20: they are done with by now.
      await f.t.ctx.store.db.deleteFrom('webhook_endpoints').where('workspace_id', '=', f.a.id).execute();
      return inA(f, '/v1/webhook-endpoints', { method: 'POST', payload: { url: CLOSED, eventTypes: ['customer.created'] } });
    },
  },
  'PATCH /v1/webhook-endpoints/:id': { ok: 200, build: async (f) => inA(f, `/v1/webhook-endpoints/${await endpointOf(f)}`, { method: 'PATCH', payload: { enabled: false } }) },
  'DELETE /v1/webhook-endpoints/:id': { ok: 204, build: async (f) => inA(f, `/v1/webhook-endpoints/${await endpointOf(f)}`, { method: 'DELETE' }) },
  'POST /v1/webhook-endpoints/:id/rotate-secret': { ok: 200, build: async (f) => inA(f, `/v1/webhook-endpoints/${await endpointOf(f)}/rotate-secret`, { method: 'POST' }) },
  'POST /v1/webhook-endpoints/:id/test': { ok: 200, build: async (f) => inA(f, `/v1/webhook-endpoints/${await endpointOf(f)}/test`, { method: 'POST' }) },
  'GET /v1/webhook-endpoints/:id/deliveries': { ok: 200, build: async (f) => inA(f, `/v1/webhook-endpoints/${await endpointOf(f)}/deliveries`) },
  'POST /v1/webhook-deliveries/:id/replay': { ok: 200, build: async (f) => inA(f, `/v1/webhook-deliveries/${await deliveryOf(f)}/replay`, { method: 'POST' }) },
};
