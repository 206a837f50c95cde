// Entry point of the subscription import: one stored import row (a raw event the import wrote,
// docs/import.md) in, provider-neutral records out. Pure: no I/O, no clock.
// STUB (scaffold): the import helper fills this in.
import type { TransformResult } from '../records.js';

export function transformImportEvent(input: unknown): TransformResult {
  void input;
  return { ok: false, event: null, drop: 'unsupported_type', detail: 'subscription import rows are not mapped yet' };
}
