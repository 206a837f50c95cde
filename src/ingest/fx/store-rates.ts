// Stores FX rates for a workspace, whatever brought them (the ECB job, a file, the API): euro
// reference quotes as rows eur → X (units of X per one euro, as published), direct rates as
// rows X → quote. Only the currencies and days the workspace needs are kept from a reference
// file: its billing currencies and reporting currency, from shortly before its first money on.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { upsertFxRates } from '../../store/fx-repo.js';
import type { EurQuote } from './quotes.js';
import type { DirectRate } from './rate-file.js';

export async function storeEurQuotes(
  db: Kysely<Database>,
  workspaceId: string,
  quotes: readonly EurQuote[],
  options: { source: string; currencies?: ReadonlySet<string>; since?: string },
): Promise<number> {
  const byQuote = new Map<string, { currency: string; day: string; rate: string }[]>();
  for (const q of quotes) {
    if (q.currency === 'eur') continue;
    if (options.currencies && !options.currencies.has(q.currency)) continue;
    if (options.since && q.day < options.since) continue;
    const list = byQuote.get(q.currency) ?? byQuote.set(q.currency, []).get(q.currency)!;
    list.push({ currency: 'eur', day: q.day, rate: q.rate });
  }
  let stored = 0;
  for (const [quote, rows] of byQuote) stored += await upsertFxRates(db, workspaceId, quote, rows, options.source);
  return stored;
}

export async function storeDirectRates(db: Kysely<Database>, workspaceId: string, rates: readonly DirectRate[], source: string): Promise<number> {
  const byQuote = new Map<string, { currency: string; day: string; rate: string }[]>();
  for (const r of rates) (byQuote.get(r.quote) ?? byQuote.set(r.quote, []).get(r.quote)!).push({ currency: r.currency, day: r.day, rate: r.rate });
  let stored = 0;
  for (const [quote, rows] of byQuote) stored += await upsertFxRates(db, workspaceId, quote, rows, source);
  return stored;
}
