// `revpulse users add|reset-password` and `revpulse api-keys create`: account administration for
// whoever runs the server (the operator acts as an owner; every action goes to the audit log).
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { openRuntime, type Runtime } from '../../runtime.js';
import { ApiError } from '../../errors.js';
import { API_KEY_ROLES, ROLES } from '../../accounts/permissions.js';
import { describeZodError } from '../../api/error-handler.js';
import { createApiKey } from '../../accounts/api-keys.js';
import { generatePassword, hashPassword } from '../../accounts/passwords.js';
import { CLI_META, recordAudit, recordSecurityEvent } from '../../accounts/security-log.js';
import { changeRole } from '../../accounts/team.js';
import { addMembershipIfAbsent, listUserWorkspaces, membershipRole } from '../../store/memberships-repo.js';
import { deleteUserSessions } from '../../store/sessions-repo.js';
import { createUser, findUserByEmail, setPasswordHash } from '../../store/users-repo.js';
import { ensureWorkspace, findWorkspace, findWorkspaceBySlug, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'revpulse CLI' };
const email = z.email({ error: 'must be an email address' }).max(254);

/** --workspace takes an id or a slug; without it, the installation's own workspace (not Demo). */
async function targetWorkspace(runtime: Runtime, named: string | undefined): Promise<Workspace> {
  const db = runtime.store.db;
  if (!named) return ensureWorkspace(db, { slug: 'default', name: 'My workspace' });
  const found = (await findWorkspace(db, named)) ?? (await findWorkspaceBySlug(db, named));
  if (!found) throw new UsageError(`no workspace with id or slug ${named}`);
  return found;
}

async function withRuntime(command: string, work: (runtime: Runtime) => Promise<void>): Promise<void> {
  const runtime = await openRuntime(loadConfig(), command);
  try {
    await work(runtime);
  } catch (error) {
    if (error instanceof ApiError) throw new UsageError(`${command}: ${error.message}`, 1);
    throw error;
  } finally {
    await runtime.close();
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, command: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${command}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage user accounts');

  users
    .command('add <email>')
    .description('create an account (its password is printed once) or add an existing one to a workspace')
    .option('--role <role>', `role in the workspace: ${ROLES.join(', ')}`, 'viewer')
    .option('--workspace <id>', 'workspace id or slug (default: your own workspace, not Demo)')
    .action(async (rawEmail: string, raw: { role: string; workspace?: string }) => {
      const input = parse(z.object({ email, role: z.enum(ROLES) }), { email: rawEmail, role: raw.role }, 'users add');
      await withRuntime('users add', async (runtime) => {
        const db = runtime.store.db;
        const workspace = await targetWorkspace(runtime, raw.workspace);
        let user = await findUserByEmail(db, input.email);
        let password: string | null = null;
        if (!user) {
          password = generatePassword();
          user = await createUser(db, { email: input.email, passwordHash: await hashPassword(password) });
        }
        const current = await membershipRole(db, workspace.id, user.id);
        if (current) await changeRole(db, { workspaceId: workspace.id, actorRole: 'owner', userId: user.id, role: input.role });
        else await addMembershipIfAbsent(db, { workspaceId: workspace.id, userId: user.id, role: input.role });
        await recordAudit(db, {
          workspaceIds: [workspace.id], actor: CLI_ACTOR, action: current ? 'team.role_changed' : 'team.member_added',
          target: { type: 'user', id: user.id, label: user.email }, detail: { role: input.role, ...(current ? { from: current } : {}) }, meta: CLI_META, at: new Date(),
        });
        const where = `${workspace.name} (${workspace.id})`;
        if (password) process.stdout.write(`Created ${user.email} as ${input.role} of ${where}.\nPassword (shown once): ${password}\n`);
        else process.stdout.write(`${user.email} is now ${input.role} of ${where}.\n`);
      });
    });

  users
    .command('reset-password <email>')
    .description('give an account a new generated password (printed once) and sign it out everywhere')
    .action(async (rawEmail: string) => {
      const address = parse(email, rawEmail, 'users reset-password');
      await withRuntime('users reset-password', async (runtime) => {
        const db = runtime.store.db;
        const user = await findUserByEmail(db, address);
        if (!user) throw new UsageError(`users reset-password: no account with email ${address}`);
        const password = generatePassword();
        const now = new Date();
        await setPasswordHash(db, user.id, await hashPassword(password), now);
        const sessions = await deleteUserSessions(db, user.id);
        await recordSecurityEvent(db, { type: 'password_reset', workspaceId: null, userId: user.id, subject: user.email, detail: { by: 'cli', sessions }, meta: CLI_META, at: now });
        const workspaces = (await listUserWorkspaces(db, user.id)).map((w) => w.id);
        await recordAudit(db, { workspaceIds: workspaces, actor: CLI_ACTOR, action: 'user.password_reset', target: { type: 'user', id: user.id, label: user.email }, meta: CLI_META, at: now });
        process.stdout.write(`New password for ${user.email} (shown once): ${password}\n${sessions} session(s) signed out.\n`);
      });
    });

  const keys = program.command('api-keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key (printed once) for a workspace')
    .option('--role <role>', `the key's role: ${API_KEY_ROLES.join(', ')}`, 'viewer')
    .option('--workspace <id>', 'workspace id or slug (default: your own workspace, not Demo)')
    .option('--name <name>', 'a label to recognise the key by', 'CLI key')
    .action(async (raw: { role: string; workspace?: string; name: string }) => {
      const input = parse(z.object({ role: z.enum(API_KEY_ROLES), name: z.string().trim().min(1).max(100) }), raw, 'api-keys create');
      await withRuntime('api-keys create', async (runtime) => {
        const db = runtime.store.db;
        const workspace = await targetWorkspace(runtime, raw.workspace);
        const { key, token } = await createApiKey(db, { workspaceId: workspace.id, name: input.name, role: input.role, createdBy: null, now: new Date() });
        await recordAudit(db, {
          workspaceIds: [workspace.id], actor: CLI_ACTOR, action: 'api_key.created', target: { type: 'api_key', id: key.id, label: key.name }, detail: { role: key.role }, meta: CLI_META, at: new Date(),
        });
        process.stdout.write(`API key ${key.id} (${key.role}) for ${workspace.name} (${workspace.id}). Shown once:\n${token}\n`);
      });
    });
}
