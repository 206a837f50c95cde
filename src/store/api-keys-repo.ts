// API keys: a workspace, a role and the hash of a secret. The token itself is shown once and
// never stored; key_id is its visible prefix.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ApiKeyRole } from './schema-accounts.js';

export type ApiKey = {
  id: string;
  workspaceId: string;
  name: string;
  role: ApiKeyRole;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const columns = ['key_id', 'workspace_id', 'name', 'role', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;

type KeyRow = {
  key_id: string;
  workspace_id: string;
  name: string;
  role: ApiKeyRole;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

function toKey(row: KeyRow): ApiKey {
  return {
    id: row.key_id,
    workspaceId: row.workspace_id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiKey(
  db: Kysely<Database>,
  input: { id: string; workspaceId: string; name: string; role: ApiKeyRole; secretHash: string; createdBy: string | null; now: Date },
): Promise<ApiKey> {
  const row = await db
    .insertInto('api_keys')
    .values({
      key_id: input.id,
      workspace_id: input.workspaceId,
      name: input.name,
      role: input.role,
      secret_hash: input.secretHash,
      created_by: input.createdBy,
      created_at: input.now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toKey(row);
}

/** The one key lookup not scoped by workspace: a bearer token names only its key. The
 *  workspace comes from the row. */
export async function findApiKeyForAuth(db: Kysely<Database>, keyId: string): Promise<(ApiKey & { secretHash: string }) | null> {
  const row = await db.selectFrom('api_keys').select([...columns, 'secret_hash']).where('key_id', '=', keyId).executeTakeFirst();
  return row ? { ...toKey(row), secretHash: row.secret_hash } : null;
}

export async function listApiKeys(db: Kysely<Database>, workspaceId: string): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
  return rows.map(toKey);
}

export async function findApiKey(db: Kysely<Database>, workspaceId: string, keyId: string): Promise<ApiKey | null> {
  const row = await db.selectFrom('api_keys').select(columns).where('workspace_id', '=', workspaceId).where('key_id', '=', keyId).executeTakeFirst();
  return row ? toKey(row) : null;
}

export async function revokeApiKey(db: Kysely<Database>, workspaceId: string, keyId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('key_id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** last_used_at at minute resolution: one write per key per minute at most. */
export async function touchApiKey(db: Kysely<Database>, workspaceId: string, keyId: string, at: Date): Promise<void> {
  const minuteAgo = new Date(at.getTime() - 60_000);
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('key_id', '=', keyId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}
