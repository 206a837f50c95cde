// Access-matrix cases for the subscription import routes (issue 15; see test/helpers/access-case.ts).
import type { Case } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';

const FILE = 'customer_id,subscription_id,effective_at,status,currency,amount,interval\ncus_m,sub_m,2025-03-01,active,usd,10.00,month\n';

export const CASES: Record<string, Case> = {
  // A dry run: every allowed caller gets the preview; nothing is written between callers.
  'POST /v1/import': { ok: 200, build: (f) => inA(f, '/v1/import?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, payload: FILE }) },
  'GET /v1/imports': { ok: 200, build: (f) => inA(f, '/v1/imports') },
};
