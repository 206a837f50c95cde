// Sources as users manage them (CLI and API alike): the rules for adding a Stripe source, the
// public description of a source (never a secret: only whether one is set), and removal.
// Removing a source stops its webhooks and syncs; the history it brought in stays, and its raw
// events stay too, so `revpulse rebuild` gives the same figures.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { SecretKeyMissingError, type SecretBox } from '../store/secret-box.js';
import { createSource, sourceColumns, toSource, type Source } from '../store/sources-repo.js';
import { deleteSyncState, type SyncStatus } from '../store/source-sync-repo.js';
import { sourceFreshness, type Freshness } from './freshness.js';

export class SourceInputError extends Error {
  override readonly name = 'SourceInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export type NewStripeSource = {
  workspaceId: string;
  name: string;
  webhookSecret: string;
  apiKey?: string | null;
  mode?: 'test' | 'live' | null;
};

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=_-]{8,}$/;
const API_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/;

/** The mode a Stripe source runs in: stated, or read from the API key; both must agree. */
export function stripeSourceMode(input: Pick<NewStripeSource, 'apiKey' | 'mode'>): 'test' | 'live' {
  const keyMode = input.apiKey ? (input.apiKey.split('_')[1] as 'test' | 'live') : null;
  if (input.mode && keyMode && input.mode !== keyMode) {
    throw new SourceInputError('mode', `is ${input.mode} but the API key is a ${keyMode}-mode key`);
  }
  return input.mode ?? keyMode ?? 'live';
}

export function validateStripeSource(input: NewStripeSource): void {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new SourceInputError('name', 'must be 1 to 100 characters');
  if (!WEBHOOK_SECRET.test(input.webhookSecret)) {
    throw new SourceInputError('webhookSecret', 'must be the endpoint signing secret Stripe shows, starting with whsec_');
  }
  if (input.apiKey && !API_KEY.test(input.apiKey)) {
    throw new SourceInputError('apiKey', 'must be a secret or restricted key, starting with sk_test_, sk_live_, rk_test_ or rk_live_');
  }
}

/** Adds a Stripe source; refuses (SecretKeyMissingError) when secrets cannot be encrypted. */
export async function addStripeSource(db: Kysely<Database>, box: SecretBox, input: NewStripeSource): Promise<Source> {
  validateStripeSource(input);
  const mode = stripeSourceMode(input);
  if (!box.canSeal) throw new SecretKeyMissingError();
  return createSource(db, box, {
    workspaceId: input.workspaceId,
    provider: 'stripe',
    name: input.name.trim(),
    mode,
    webhookSecret: input.webhookSecret,
    apiKey: input.apiKey ?? null,
  });
}

/** Deletes the source of this workspace; false when there is none. */
export async function removeSource(db: Kysely<Database>, workspaceId: string, sourceId: string): Promise<boolean> {
  const key = { workspaceId, sourceId };
  const result = await db.deleteFrom('sources').where('workspace_id', '=', workspaceId).where('source_id', '=', sourceId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await deleteSyncState(db, key);
  return true;
}

/** Where the provider posts this source's events (an import source has none: '' ). */
export function webhookUrl(baseUrl: string, sourceId: string, provider: Source['provider'] = 'stripe'): string {
  if (provider === 'import' || provider === 'file') return '';
  return `${baseUrl.replace(/\/+$/, '')}/webhooks/${provider}/${sourceId}`;
}

function paypalSettings(config: Record<string, unknown>): { clientId: string; webhookId: string; sandbox: boolean } {
  return {
    clientId: typeof config['clientId'] === 'string' ? config['clientId'] : '',
    webhookId: typeof config['webhookId'] === 'string' ? config['webhookId'] : '',
    sandbox: config['sandbox'] === true,
  };
}

export type SourceView = {
  id: string;
  name: string;
  provider: Source['provider'];
  mode: Source['mode'];
  freshness: Freshness;
  webhookUrl: string;
  hasWebhookSecret: boolean;
  hasApiKey: boolean;
  paypal: { clientId: string; webhookId: string; sandbox: boolean } | null;
  lastEventAt: string | null;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** Events parked after repeated processing failures (GET /v1/dead-letters; retry them there). */
  deadLetters: number;
  sync: {
    running: 'full' | 'incremental' | null;
    runningSince: string | null;
    backfill: { status: SyncStatus['status']; startedAt: string | null; finishedAt: string | null; done: number; total: number | null; historyBefore: string | null };
  };
  createdAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function describeSource(
  source: Source & { hasWebhookSecret: boolean; hasApiKey: boolean },
  status: SyncStatus | undefined,
  options: { now: Date; baseUrl: string; deadLetters?: number },
): SourceView {
  const cursors = Object.values(status?.cursors ?? {});
  const totals = cursors.map((c) => c.total);
  return {
    id: source.id,
    name: source.name,
    provider: source.provider,
    mode: source.mode,
    freshness: sourceFreshness({ ...source, runningSince: status?.runningSince ?? null }, options.now),
    webhookUrl: webhookUrl(options.baseUrl, source.id, source.provider),
    hasWebhookSecret: source.hasWebhookSecret,
    hasApiKey: source.hasApiKey,
    paypal: source.provider === 'paypal' ? paypalSettings(source.config) : null,
    lastEventAt: iso(source.lastEventAt),
    lastSyncedAt: iso(source.lastSyncedAt),
    lastError: source.lastError,
    deadLetters: options.deadLetters ?? 0,
    sync: {
      running: status?.runningKind ?? null,
      runningSince: iso(status?.runningSince ?? null),
      backfill: {
        status: status?.status ?? 'none',
        startedAt: iso(status?.startedAt ?? null),
        finishedAt: iso(status?.finishedAt ?? null),
        done: cursors.reduce((sum, c) => sum + c.count, 0),
        total: cursors.length > 0 && totals.every((t) => t !== null) ? totals.reduce<number>((sum, t) => sum + (t ?? 0), 0) : null,
        historyBefore: status?.cutoff ? new Date(status.cutoff * 1000).toISOString() : null,
      },
    },
    createdAt: source.createdAt.toISOString(),
  };
}

/** Sources of a workspace with whether each has its secrets (never the secrets themselves). */
export async function listSourcesWithSecretFlags(db: Kysely<Database>, workspaceId: string) {
  const rows = await db
    .selectFrom('sources')
    .select(sourceColumns)
    .select((eb) => [eb('webhook_secret_enc', 'is not', null).as('has_webhook_secret'), eb('api_key_enc', 'is not', null).as('has_api_key')])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    ...toSource(row),
    hasWebhookSecret: Boolean(row.has_webhook_secret),
    hasApiKey: Boolean(row.has_api_key),
  }));
}
