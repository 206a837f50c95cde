// Adding a PayPal source (CLI and API alike): a REST app's client id and secret (the secret sealed
// in api_key_enc, like a Stripe API key), the id of the webhook PayPal shows for our URL, and
// whether the app is a sandbox one (test mode). The client id, webhook id and sandbox flag are
// not secrets and live in the source's config.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { SecretKeyMissingError, type SecretBox } from '../../store/secret-box.js';
import { createSource, updatePaypalConfig, type Source } from '../../store/sources-repo.js';
import { SourceInputError } from '../sources.js';

export type NewPaypalSource = {
  workspaceId: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Optional at first: PayPal gives a webhook its id only once it exists, and its URL names this
   *  source. Until it is set (setPaypalWebhookId), every delivery is refused as unverifiable. */
  webhookId?: string | null;
  sandbox?: boolean | null;
};

/** PayPal's REST client ids and secrets: 80 URL-safe characters today; we allow some room. */
const CREDENTIAL = /^[A-Za-z0-9_-]{16,200}$/;
/** Webhook ids as PayPal shows them (e.g. 8PT597110X687430LKGECATA). */
const WEBHOOK_ID = /^[A-Za-z0-9]{8,64}$/;

export function validatePaypalSource(input: NewPaypalSource): void {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new SourceInputError('name', 'must be 1 to 100 characters');
  if (!CREDENTIAL.test(input.clientId)) throw new SourceInputError('clientId', "must be the REST app's client id PayPal shows (16 to 200 letters, digits, - or _)");
  if (!CREDENTIAL.test(input.clientSecret)) throw new SourceInputError('clientSecret', "must be the REST app's secret PayPal shows (16 to 200 letters, digits, - or _)");
  if (input.webhookId) checkWebhookId(input.webhookId);
}

function checkWebhookId(webhookId: string): void {
  if (!WEBHOOK_ID.test(webhookId)) throw new SourceInputError('webhookId', 'must be the webhook id PayPal shows for this URL (8 to 64 letters and digits)');
}

/** Sets (or replaces) the webhook id of a PayPal source of this workspace; false when there is none. */
export async function setPaypalWebhookId(db: Kysely<Database>, workspaceId: string, sourceId: string, webhookId: string): Promise<boolean> {
  checkWebhookId(webhookId.trim());
  return updatePaypalConfig(db, workspaceId, sourceId, { webhookId: webhookId.trim() });
}

/** Adds a PayPal source; refuses (SecretKeyMissingError) when the secret cannot be encrypted. */
export async function addPaypalSource(db: Kysely<Database>, box: SecretBox, input: NewPaypalSource): Promise<Source> {
  validatePaypalSource(input);
  if (!box.canSeal) throw new SecretKeyMissingError();
  const sandbox = input.sandbox === true;
  return createSource(db, box, {
    workspaceId: input.workspaceId,
    provider: 'paypal',
    name: input.name.trim(),
    mode: sandbox ? 'test' : 'live',
    apiKey: input.clientSecret,
    config: { clientId: input.clientId, webhookId: input.webhookId ?? '', sandbox },
  });
}
