// Access-matrix cases for the tracking routes and the product-accounts list (see
// test/helpers/access-case.ts). Each call sends a fresh message, so every allowed caller stores one.
import type { Case } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';
import { upsertAccounts } from '../../../src/store/cs-accounts-repo.js';

const fresh = () => Math.random().toString(36).slice(2, 10);
const json = (body: unknown) => ({ method: 'POST' as const, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

const MESSAGES: Record<string, () => unknown> = {
  track: () => ({ userId: 'matrix', event: 'Matrix Ran', messageId: fresh() }),
  identify: () => ({ userId: 'matrix', traits: { email: 'matrix@example.com' }, messageId: fresh() }),
  group: () => ({ userId: 'matrix', groupId: 'acct-matrix', messageId: fresh() }),
  page: () => ({ userId: 'matrix', name: 'Home', messageId: fresh() }),
  screen: () => ({ userId: 'matrix', name: 'Home', messageId: fresh() }),
  batch: () => ({ batch: [{ type: 'track', userId: 'matrix', event: 'Matrix Ran', messageId: fresh() }] }),
};

export const CASES: Record<string, Case> = {
  ...Object.fromEntries(Object.entries(MESSAGES).map(([route, body]) => [`POST /v1/${route}`, { ok: 200, build: (f) => inA(f, `/v1/${route}`, json(body())) } satisfies Case])),
  'PUT /v1/success/accounts/:accountId/link': {
    ok: 200,
    build: async (f) => {
      const at = new Date();
      const accountId = `acct-${fresh()}`;
      await upsertAccounts(f.t.ctx.store.db, [{ workspaceId: f.a.id, accountId, name: null, traits: {}, firstSeenAt: at, lastSeenAt: at }]);
      return inA(f, `/v1/success/accounts/${accountId}/link`, { method: 'PUT', payload: { customerId: null } });
    },
  },
};
