// The signals churn risk reads, the same for the nightly scores (src/jobs/churn-training.ts)
// and the live API answer (load.ts), so the two agree: CustomerSignals with usage against the
// plan's limits (the seat-utilisation feature reads '$seats').
import type { Kysely } from 'kysely';
import type { CustomerSignals } from '../../core/customer-signals.js';
import type { Day } from '../../core/dates.js';
import { loadLimitUses } from '../../store/plan-limits-repo.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { loadCustomerSignals } from '../success-signals/load.js';

export function riskSignals(db: Kysely<Database>, workspaceId: string, input: { day: Day; asOf: AsOf; customerIds?: readonly string[] }): Promise<CustomerSignals[]> {
  return loadCustomerSignals(db, workspaceId, {
    ...input,
    limits: (d, ws, q) => loadLimitUses(d, ws, q.day, q.customers),
  });
}
