// Access-matrix cases for retention policies and the compliance report (issue 17); see test/helpers/access-case.ts.
// Everything here is compliance:manage (owners and admins).
import type { Case } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {
  'GET /v1/retention/policy': { ok: 200, build: (f) => inA(f, '/v1/retention/policy') },
  'PUT /v1/retention/policy': { ok: 200, build: (f) => inA(f, '/v1/retention/policy', { method: 'PUT', payload: { exportDays: 7 } }) },
  'GET /v1/retention/runs': { ok: 200, build: (f) => inA(f, '/v1/retention/runs') },
  'GET /v1/compliance/report': { ok: 200, build: (f) => inA(f, '/v1/compliance/report?format=csv') },
};
