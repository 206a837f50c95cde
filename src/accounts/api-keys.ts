// Creating API keys: the token is returned once and only its hash is kept.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { insertApiKey, type ApiKey } from '../store/api-keys-repo.js';
import type { ApiKeyRole } from '../store/schema-accounts.js';
import { newApiKeyToken, sha256 } from './tokens.js';

export async function createApiKey(
  db: Kysely<Database>,
  input: { workspaceId: string; name: string; role: ApiKeyRole; createdBy: string | null; now: Date },
): Promise<{ key: ApiKey; token: string }> {
  const { keyId, token } = newApiKeyToken();
  const key = await insertApiKey(db, {
    id: keyId,
    workspaceId: input.workspaceId,
    name: input.name,
    role: input.role,
    secretHash: sha256(token),
    createdBy: input.createdBy,
    now: input.now,
  });
  return { key, token };
}
