import { sql, type Kysely } from 'kysely';
import type { Database, SourceProvider } from './schema.js';
import { newId } from './ids.js';
import type { KeyId, SecretBox } from './secret-box.js';

export type Source = {
  id: string;
  workspaceId: string;
  provider: SourceProvider;
  name: string;
  mode: 'test' | 'live';
  status: string;
  lastSyncedAt: Date | null;
  lastEventAt: Date | null;
  lastError: string | null;
  /** Provider settings that are not secrets (PayPal: clientId, webhookId, sandbox). */
  config: Record<string, unknown>;
  createdAt: Date;
};

/** A source with its secrets opened, for the ingest path only. Never serialise it. */
export type SourceWithSecrets = Source & { webhookSecret: string | null; apiKey: string | null };

/** The columns of a Source (never the secrets). */
export const sourceColumns = [
  'source_id', 'workspace_id', 'provider', 'name', 'mode', 'status',
  'last_synced_at', 'last_event_at', 'last_error', 'config', 'created_at',
] as const;

type SourceRow = {
  source_id: string;
  workspace_id: string;
  provider: Source['provider'];
  name: string;
  mode: Source['mode'];
  status: string;
  last_synced_at: Date | null;
  last_event_at: Date | null;
  last_error: string | null;
  config: Record<string, unknown>;
  created_at: Date;
};

export function toSource(row: SourceRow): Source {
  return {
    id: row.source_id,
    workspaceId: row.workspace_id,
    provider: row.provider,
    name: row.name,
    mode: row.mode,
    status: row.status,
    lastSyncedAt: row.last_synced_at,
    lastEventAt: row.last_event_at,
    lastError: row.last_error,
    config: row.config ?? {},
    createdAt: row.created_at,
  };
}

export async function createSource(
  db: Kysely<Database>,
  box: SecretBox,
  input: {
    workspaceId: string;
    provider: Source['provider'];
    name: string;
    mode?: Source['mode'];
    webhookSecret?: string | null;
    apiKey?: string | null;
    config?: Record<string, unknown>;
    sourceId?: string;
    keyId?: KeyId;
  },
): Promise<Source> {
  const row = await db
    .insertInto('sources')
    .values({
      source_id: input.sourceId ?? newId('src'),
      workspace_id: input.workspaceId,
      provider: input.provider,
      name: input.name,
      mode: input.mode ?? 'live',
      webhook_secret_enc: input.webhookSecret ? box.seal(input.webhookSecret, input.keyId) : null,
      api_key_enc: input.apiKey ? box.seal(input.apiKey, input.keyId) : null,
      ...(input.config ? { config: JSON.stringify(input.config) } : {}),
    })
    .returning(sourceColumns)
    .executeTakeFirstOrThrow();
  return toSource(row);
}

/** Merges `patch` into a PayPal source's config; false when the workspace has no such source. */
export async function updatePaypalConfig(db: Kysely<Database>, workspaceId: string, sourceId: string, patch: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .updateTable('sources')
    .set({ config: sql`config || ${JSON.stringify(patch)}::jsonb` })
    .where('workspace_id', '=', workspaceId)
    .where('source_id', '=', sourceId)
    .where('provider', '=', 'paypal')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listSources(db: Kysely<Database>, workspaceId: string): Promise<Source[]> {
  const rows = await db.selectFrom('sources').select(sourceColumns).where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
  return rows.map(toSource);
}

/**
 * The one lookup not scoped by workspace: a webhook URL names only its source. The workspace
 * comes from the row, and everything after this is scoped by it.
 */
export async function findSourceForIngest(
  db: Kysely<Database>,
  box: SecretBox,
  sourceId: string,
): Promise<SourceWithSecrets | null> {
  const row = await db
    .selectFrom('sources')
    .select([...sourceColumns, 'webhook_secret_enc', 'api_key_enc'])
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toSource(row),
    webhookSecret: row.webhook_secret_enc ? box.open(row.webhook_secret_enc) : null,
    apiKey: row.api_key_enc ? box.open(row.api_key_enc) : null,
  };
}

export async function touchSourceEvent(db: Kysely<Database>, workspaceId: string, sourceId: string, at: Date): Promise<void> {
  await db
    .updateTable('sources')
    .set({ last_event_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('source_id', '=', sourceId)
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', at)]))
    .execute();
}
