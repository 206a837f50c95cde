// The headline figures at this moment: MRR, ARR, paying customers and ARPA in the workspace's
// reporting currency, from the ledger as of the end of today (UTC).
import type { Kysely } from 'kysely';
import { roundHalfAwayFromZero, ratio } from '../core/decimal.js';
import { createFxTable } from '../core/fx.js';
import { convertLevels } from '../core/period-metrics.js';
import type { Database } from '../store/schema.js';
import { loadFxRates } from '../store/fx-repo.js';
import { mrrLevelsAt } from '../store/ledger-repo.js';
import type { Workspace } from '../store/workspaces-repo.js';

export type Summary = {
  workspace: { id: string; name: string };
  currency: string;
  mrr: number;
  arr: number;
  payingCustomers: number;
  arpa: number;
  asOf: string;
  lastEventAt: string | null;
};

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function computeSummary(db: Kysely<Database>, workspace: Workspace, now: Date): Promise<Summary> {
  const today = utcDay(now);
  const { levels, payingCustomers } = await mrrLevelsAt(db, workspace.id, today);
  const fx = createFxTable(await loadFxRates(db, workspace.id, workspace.reportingCurrency), workspace.reportingCurrency);
  const mrr = convertLevels(levels, fx, today);
  const lastEvent = await db
    .selectFrom('sources')
    .select((eb) => eb.fn.max('last_event_at').as('at'))
    .where('workspace_id', '=', workspace.id)
    .executeTakeFirst();
  return {
    workspace: { id: workspace.id, name: workspace.name },
    currency: workspace.reportingCurrency,
    mrr,
    arr: mrr * 12,
    payingCustomers,
    arpa: payingCustomers > 0 ? Number(roundHalfAwayFromZero(ratio(mrr, payingCustomers))) : 0,
    asOf: now.toISOString(),
    lastEventAt: lastEvent?.at ? new Date(lastEvent.at).toISOString() : null,
  };
}
