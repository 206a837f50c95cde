// Entry point of the PayPal adapter: one PayPal webhook event (as delivered, or a backfilled
// resource wrapped as one by the sync) in, provider-neutral records out. Pure: no I/O, no clock.
// STUB (scaffold): the PayPal transforms helper fills this in (docs/paypal.md).
import type { TransformResult } from '../records.js';

export function transformPaypalEvent(input: unknown): TransformResult {
  const type = typeof input === 'object' && input !== null && typeof (input as { event_type?: unknown }).event_type === 'string' ? (input as { event_type: string }).event_type : '(none)';
  return { ok: false, event: null, drop: 'unsupported_type', detail: `${type}: PayPal events are not mapped yet` };
}
