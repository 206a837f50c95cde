// Payment health as of an instant: the range is clamped to the as-of day (a payment dated later
// is never counted), the day sums are read (query.ts) and shaped once (core/payment-health.ts).
import type { Kysely } from 'kysely';
import type { FxTable } from '../../core/fx.js';
import type { Granularity } from '../../core/dates.js';
import { paymentsHealthFrom } from '../../core/payment-health.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import type { PaymentsHealthResponse } from './contract.js';
import { paymentSums } from './query.js';

export class RangeAfterAsOfError extends RangeError {
  constructor(readonly from: Day, readonly asOfDay: Day) {
    super(`from (${from}) is after the as-of day (${asOfDay}): nothing in the range has happened yet`);
  }
}

export async function loadPaymentsHealth(
  db: Kysely<Database>,
  workspaceId: string,
  options: { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; asOf: AsOf },
): Promise<PaymentsHealthResponse> {
  const to = clampDay(options.to, options.asOf);
  if (options.from > to) throw new RangeAfterAsOfError(options.from, options.asOf.day);
  const [sums, fx] = await Promise.all([paymentSums(db, workspaceId, options.from, to), options.fx]);
  return paymentsHealthFrom(sums, { from: options.from, to, granularity: options.granularity, currency: fx.reportingCurrency, convert: (amount, currency, day) => fx.convert(amount, currency, day) });
}
