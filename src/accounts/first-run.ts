// First start: with no account yet, create the owner (REVPULSE_ADMIN_EMAIL/PASSWORD, or a
// generated password printed once) as owner of the installation's own workspace and of Demo.
// With the demo on, a shared read-only demo login exists too (its password is published, like
// the demo webhook secret; it sees only the Demo workspace). With the demo off it is removed.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { addMembershipIfAbsent, listMembers, listOwnerIds } from '../store/memberships-repo.js';
import { countPeople, createUser, deleteUser, findUserByEmail } from '../store/users-repo.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { generatePassword, hashPassword } from './passwords.js';

export const DEFAULT_OWNER_EMAIL = 'owner@revpulse.local';
/** Published on purpose: it opens only the Demo workspace, read-only. */
export const DEMO_LOGIN = { email: 'demo@revpulse.local', password: 'revpulse-demo' } as const;

export type FirstRun = {
  /** Set when this start created the owner; `password` only when it was generated. */
  owner: { email: string; generatedPassword: string | null } | null;
  demoLogin: typeof DEMO_LOGIN | null;
};

export async function ensureAccounts(
  db: Kysely<Database>,
  input: { adminEmail?: string | undefined; adminPassword?: string | undefined; home: Workspace; demo: Workspace | null },
): Promise<FirstRun> {
  let owner: FirstRun['owner'] = null;
  if ((await countPeople(db)) === 0) {
    const email = input.adminEmail ?? DEFAULT_OWNER_EMAIL;
    const generated = input.adminPassword ? null : generatePassword();
    const user = await createUser(db, { email, name: 'Owner', passwordHash: await hashPassword(input.adminPassword ?? generated!) }).catch(
      async (error: unknown) => {
        // Another instance created it at the same moment.
        const existing = await findUserByEmail(db, email);
        if (!existing) throw error;
        return null;
      },
    );
    if (user) {
      await addMembershipIfAbsent(db, { workspaceId: input.home.id, userId: user.id, role: 'owner' });
      owner = { email, generatedPassword: generated };
    }
  }

  const demoUser = await findUserByEmail(db, DEMO_LOGIN.email);
  if (!input.demo) {
    if (demoUser?.kind === 'demo') await deleteUser(db, demoUser.id);
    return { owner, demoLogin: null };
  }
  // The installation's owners own the demo too (also when the demo is switched on later).
  if ((await listMembers(db, input.demo.id)).every((m) => m.kind === 'demo')) {
    for (const id of await listOwnerIds(db, input.home.id)) await addMembershipIfAbsent(db, { workspaceId: input.demo.id, userId: id, role: 'owner' });
  }
  const demo = demoUser ?? (await createUser(db, { email: DEMO_LOGIN.email, name: 'Demo visitor', passwordHash: await hashPassword(DEMO_LOGIN.password), kind: 'demo' }));
  if (demo.kind !== 'demo') return { owner, demoLogin: null }; // someone registered that address for real
  await addMembershipIfAbsent(db, { workspaceId: input.demo.id, userId: demo.id, role: 'viewer' });
  return { owner, demoLogin: DEMO_LOGIN };
}
