// Which transform reads a source's raw events: every provider maps its own payloads into the same
// provider-neutral records (src/core/records.ts), so everything after this step is shared.
import type { SourceProvider } from '../store/schema.js';
import type { TransformResult } from './records.js';
import { transformImportEvent } from './import/transform.js';
import { transformPaypalEvent } from './paypal/transform.js';
import { transformStripeEvent } from './stripe/transform.js';

export type Transform = (payload: unknown) => TransformResult;

const TRANSFORMS: Record<SourceProvider, Transform> = {
  stripe: transformStripeEvent,
  // A file of Stripe events (`revpulse metrics --events`).
  file: transformStripeEvent,
  paypal: transformPaypalEvent,
  import: transformImportEvent,
};

export function transformFor(provider: SourceProvider): Transform {
  return TRANSFORMS[provider];
}
