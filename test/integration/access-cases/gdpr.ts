// Access-matrix cases for GDPR requests (issue 17); see test/helpers/access-case.ts. All of them
// are compliance:manage (owners, admins and admin API keys).
import type { Case, Fixtures } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';
import { claimNextGdprRequest, completeGdprRequest, insertGdprRequest } from '../../../src/store/gdpr-requests-repo.js';
import { newId } from '../../../src/store/ids.js';

const system = { type: 'system' as const, id: null, label: 'matrix' };

/** A completed export of workspace A whose (tiny) file is still kept. */
async function exportOf(f: Fixtures): Promise<string> {
  const db = f.t.ctx.store.db;
  const now = new Date();
  const queued = await insertGdprRequest(db, { workspaceId: f.a.id, id: newId('gdpr'), kind: 'export', customerId: 'cus_matrix', requestedBy: system, now });
  const claimed = await claimNextGdprRequest(db, { now, staleBefore: new Date(0), requestId: queued.id });
  await completeGdprRequest(db, { workspaceId: f.a.id, id: queued.id, startedAt: claimed!.startedAt! }, {
    completedAt: now, result: { counts: {} }, pseudonym: null, artifact: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]), artifactExpiresAt: new Date(now.getTime() + 86_400_000),
  });
  return queued.id;
}

export const CASES: Record<string, Case> = {
  'POST /v1/gdpr/requests': { ok: 202, build: (f) => inA(f, '/v1/gdpr/requests', { method: 'POST', payload: { kind: 'export', customerId: 'cus_matrix' } }) },
  'GET /v1/gdpr/requests/:id': { ok: 200, build: async (f) => inA(f, `/v1/gdpr/requests/${await exportOf(f)}`) },
  'GET /v1/gdpr/requests/:id/export': { ok: 200, build: async (f) => inA(f, `/v1/gdpr/requests/${await exportOf(f)}/export`) },
};
