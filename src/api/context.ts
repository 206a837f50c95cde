import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { SecretBox } from '../store/secret-box.js';
import type { LiveBus } from '../live/bus.js';
import type { LiveHub } from '../live/hub.js';
import type { PaypalCertSource } from '../ingest/paypal/cert-cache.js';

/** What routes are given. Built once by the server (or a test), never by a route. */
export type AppContext = {
  readonly config: Config;
  readonly store: Store;
  readonly box: SecretBox;
  readonly logger: Logger;
  readonly bus: LiveBus;
  readonly hub: LiveHub;
  /** Asks the ingest worker to process stored events now (it also polls). */
  readonly wakeIngest: () => void;
  /** Asks the signal roll-up to fold stored tracking messages now (it also polls). */
  readonly wakeSignals?: () => void;
  /** Asks the report scheduler to send the deliveries that are due now (it also runs every minute). */
  readonly wakeReports?: () => void;
  /** Asks the GDPR request job to process queued requests now (it also polls). */
  readonly wakeGdpr?: () => void;
  /** Asks the outgoing webhook job to send queued deliveries now (it also polls). */
  readonly wakeWebhooks?: () => void;
  readonly now: () => Date;
  /** Tests only (set in code, never from configuration): where PayPal webhook certificates may
   *  come from instead of PayPal's own hosts — a local HTTPS server and its CA. */
  readonly paypalCertSource?: PaypalCertSource;
};
