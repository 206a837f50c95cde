// Access-matrix cases for the customer-success figures and the segments (see
// test/helpers/access-case.ts).
import type { Case, Fixtures } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';
import { insertSegment } from '../../../src/store/segments-repo.js';
import { newId } from '../../../src/store/ids.js';

const uniqueName = () => `Segment ${Math.random().toString(36).slice(2, 10)}`;

/** A fresh segment of workspace A to change or delete. */
async function segmentOf(f: Fixtures): Promise<string> {
  const segment = await insertSegment(f.t.ctx.store.db, { id: newId('seg'), workspaceId: f.a.id, name: uniqueName(), filters: {}, action: '', position: 0, createdBy: null, now: new Date() });
  return segment.id;
}

export const CASES: Record<string, Case> = {
  'GET /v1/success/overview': { ok: 200, build: (f) => inA(f, '/v1/success/overview') },
  'GET /v1/success/expansion': { ok: 200, build: (f) => inA(f, '/v1/success/expansion') },
  'GET /v1/success/onboarding': { ok: 200, build: (f) => inA(f, '/v1/success/onboarding') },
  'GET /v1/success/nps': { ok: 200, build: (f) => inA(f, '/v1/success/nps') },
  'GET /v1/success/usage': { ok: 200, build: (f) => inA(f, '/v1/success/usage') },
  'GET /v1/metrics/ltv-by-plan': { ok: 200, build: (f) => inA(f, '/v1/metrics/ltv-by-plan') },
  'GET /v1/segments': { ok: 200, build: (f) => inA(f, '/v1/segments') },
  'POST /v1/segments': { ok: 201, build: (f) => inA(f, '/v1/segments', { method: 'POST', payload: { name: uniqueName(), filters: { health: ['high_risk'] } } }) },
  'PUT /v1/segments/:id': { ok: 200, build: async (f) => inA(f, `/v1/segments/${await segmentOf(f)}`, { method: 'PUT', payload: { action: 'Call' } }) },
  'DELETE /v1/segments/:id': { ok: 204, build: async (f) => inA(f, `/v1/segments/${await segmentOf(f)}`, { method: 'DELETE' }) },
};
