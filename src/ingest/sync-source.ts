// One sync entry for every provider with an API: the heartbeat, the background runner, the CLI
// and the API call this, and it runs the sync of the source's provider (Stripe or PayPal).
import { findSourceProvider } from '../store/source-sync-repo.js';
import { syncSource as syncStripeSource, type SyncOutcome, type SyncRequest } from './stripe/sync/run-sync.js';
import { syncPaypalSource, type PaypalSyncDeps } from './paypal/sync/run-sync.js';

export type { SyncKind, SyncOutcome, SyncRequest } from './stripe/sync/run-sync.js';
export type AnySyncDeps = PaypalSyncDeps;

export async function syncAnySource(deps: AnySyncDeps, request: SyncRequest): Promise<SyncOutcome> {
  const provider = await findSourceProvider(deps.store.db, request);
  return provider === 'paypal' ? syncPaypalSource(deps, request) : syncStripeSource(deps, request);
}
