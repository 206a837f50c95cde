// Access-matrix cases for backup history (issue 17); see test/helpers/access-case.ts.
// Both routes are 'user' (people only) plus a check in the handler: owners of the home workspace
// ('default'). The GET case makes the caller such an owner (200); the POST case leaves them a
// member of another workspace only, so the handler's own refusal is what an allowed caller gets
// (a successful POST writes an archive: test/integration/backup/backups-api.test.ts).
import type { Case } from '../../helpers/access-case.js';
import { addMembershipIfAbsent } from '../../../src/store/memberships-repo.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';

export const CASES: Record<string, Case> = {
  'GET /v1/backups': {
    ok: 200,
    build: async (f, caller) => {
      const home = await ensureWorkspace(f.t.ctx.store.db, { slug: 'default', name: 'Home' });
      if (caller.userId) await addMembershipIfAbsent(f.t.ctx.store.db, { workspaceId: home.id, userId: caller.userId, role: 'owner' });
      return { url: '/v1/backups' };
    },
  },
  'POST /v1/backups': { ok: 403, okCode: 'RVP_FORBIDDEN', build: () => ({ method: 'POST', url: '/v1/backups', payload: {} }) },
};
