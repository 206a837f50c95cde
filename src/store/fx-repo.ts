import { sql, type Kysely } from 'kysely';
import type { FxRate } from '../core/types.js';
import { chunks } from './batches.js';
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

/** Reference quotes per euro (rows `eur` → X: units of X per one euro), from every source:
 *  ECB's, and any imported rate into a currency from EUR. */
export async function loadEurQuotes(db: Kysely<Database>, workspaceId: string): Promise<FxRate[]> {
  const rows = await db
    .selectFrom('fx_rates')
    .select(['quote_currency', 'day', 'rate'])
    .where('workspace_id', '=', workspaceId)
    .where('currency', '=', 'eur')
    .orderBy('quote_currency')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ currency: r.quote_currency, day: r.day, rate: r.rate }));
}

/** Inserts or replaces rates (the same currency, quote and day keep the newest value). */
export async function upsertFxRates(
  db: Kysely<Database>,
  workspaceId: string,
  quoteCurrency: string,
  rates: readonly FxRate[],
  source = 'import',
): Promise<number> {
  for (const batch of chunks(rates, BATCH)) {
    await db
      .insertInto('fx_rates')
      .values(
        batch.map((r) => ({
          workspace_id: workspaceId,
          currency: r.currency,
          quote_currency: quoteCurrency,
          day: r.day,
          rate: r.rate,
          source,
          updated_at: new Date(),
        })),
      )
      .onConflict((oc) => oc.columns(['workspace_id', 'currency', 'quote_currency', 'day']).doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }
  return rates.length;
}

/** Currencies with money in the workspace (ledger, payments, invoices). */
export async function billingCurrencies(db: Kysely<Database>, workspaceId: string): Promise<string[]> {
  const rows = await sql<{ currency: string }>`
    select distinct currency from ledger_entries where workspace_id = ${workspaceId}
    union select distinct currency from payments where workspace_id = ${workspaceId}
    union select distinct currency from invoices where workspace_id = ${workspaceId}`.execute(db);
  return rows.rows.map((r) => r.currency).sort();
}

export type RateCoverage = { currency: string; quoteCurrency: string; source: string; firstDay: string; lastDay: string; days: number; updatedAt: Date | null };

/** What rates the workspace holds: per (currency, quote, source), the days covered. */
export async function rateCoverage(db: Kysely<Database>, workspaceId: string): Promise<RateCoverage[]> {
  const rows = await sql<{ currency: string; quote_currency: string; source: string; first_day: string; last_day: string; days: number; updated_at: Date | null }>`
    select currency, quote_currency, source, min(day)::text as first_day, max(day)::text as last_day, count(*)::int as days, max(updated_at) as updated_at
    from fx_rates where workspace_id = ${workspaceId}
    group by currency, quote_currency, source
    order by currency, quote_currency, source`.execute(db);
  return rows.rows.map((r) => ({ currency: r.currency, quoteCurrency: r.quote_currency, source: r.source, firstDay: r.first_day, lastDay: r.last_day, days: r.days, updatedAt: r.updated_at }));
}

/** The first day the workspace has money on (its ledger or a payment), or null. */
export async function firstMoneyDay(db: Kysely<Database>, workspaceId: string): Promise<string | null> {
  const rows = await sql<{ day: string | null }>`
    select least(
      (select min(day) from ledger_entries where workspace_id = ${workspaceId}),
      (select min(created_at)::date from payments where workspace_id = ${workspaceId})
    )::text as day`.execute(db);
  return rows.rows[0]?.day ?? null;
}

/** The last day of euro reference quotes from `source` the workspace holds, or null. */
export async function lastQuoteDay(db: Kysely<Database>, workspaceId: string, source: string): Promise<string | null> {
  const row = await db.selectFrom('fx_rates').select((eb) => eb.fn.max('day').as('day'))
    .where('workspace_id', '=', workspaceId).where('currency', '=', 'eur').where('source', '=', source).executeTakeFirst();
  return (row?.day as string | null | undefined) ?? null;
}

export async function recordFxFetch(db: Kysely<Database>, workspaceId: string, outcome: { source: string; at: Date; stored: number } | { source: string; at: Date; error: string }): Promise<void> {
  const values = 'error' in outcome
    ? { workspace_id: workspaceId, source: outcome.source, last_error: outcome.error.slice(0, 1000), last_error_at: outcome.at }
    : { workspace_id: workspaceId, source: outcome.source, fetched_at: outcome.at, rates_stored: outcome.stored, last_error: null, last_error_at: null };
  await db.insertInto('fx_fetches').values(values).onConflict((oc) => oc.column('workspace_id').doUpdateSet(values)).execute();
}
