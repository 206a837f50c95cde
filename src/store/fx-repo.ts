import type { Kysely } from 'kysely';
import type { FxRate } from '../core/types.js';
import type { Database } from './schema.js';

const BATCH = 1000;

/** Rates into `quoteCurrency` for one workspace, as the core's FxRate rows. */
export async function loadFxRates(db: Kysely<Database>, workspaceId: string, quoteCurrency: string): Promise<FxRate[]> {
  const rows = await db
    .selectFrom('fx_rates')
    .select(['currency', 'day', 'rate'])
    .where('workspace_id', '=', workspaceId)
    .where('quote_currency', '=', quoteCurrency)
    .orderBy('currency')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ currency: r.currency, day: r.day, rate: r.rate }));
}

/** Inserts or replaces rates (the same currency, quote and day keep the newest value). */
export async function upsertFxRates(
  db: Kysely<Database>,
  workspaceId: string,
  quoteCurrency: string,
  rates: readonly FxRate[],
): Promise<number> {
  for (let i = 0; i < rates.length; i += BATCH) {
    await db
      .insertInto('fx_rates')
      .values(
        rates.slice(i, i + BATCH).map((r) => ({
          workspace_id: workspaceId,
          currency: r.currency,
          quote_currency: quoteCurrency,
          day: r.day,
          rate: r.rate,
        })),
      )
      .onConflict((oc) => oc.columns(['workspace_id', 'currency', 'quote_currency', 'day']).doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate') })))
      .execute();
  }
  return rates.length;
}
