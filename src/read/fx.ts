// The one conversion step of every read: the FX table into a reporting currency, built from the
// workspace's stored rates (direct rates first, else through the euro reference quotes). Every
// view loads it here, so a figure converts the same way on every screen.
import type { Kysely } from 'kysely';
import { createFxTable, lenientFxTable, type FxTable } from '../core/fx.js';
import { withFastConvert } from '../core/fx-fast.js';
import type { FxRate } from '../core/types.js';
import { loadEurQuotes, loadFxRates } from '../store/fx-repo.js';
import type { Database } from '../store/schema.js';

// FX tables by their rates: requests over unchanged rates share one table and its cached factors.
const tables = new Map<string, FxTable>();
const TABLES_KEPT = 64;

export type FxMode = {
  /** Refuse (MissingFxRateError) an amount no rate converts, instead of leaving it out and naming
   *  it beside the figures: the offline `revpulse metrics` document must be complete. */
  strict?: boolean;
};

/** The FX table into `currency` for these rates (shared while the rates are unchanged): direct
 *  rates first, else through the euro reference quotes; a currency with neither converts to 0
 *  and is named beside the figures (lenientFxTable), unless `strict`. */
export function fxTableFor(rates: readonly FxRate[], currency: string, eurQuotes: readonly FxRate[] = [], mode: FxMode = {}): FxTable {
  if (mode.strict) return createFxTable(rates, currency, { eurQuotes });
  const key = `${currency}|${JSON.stringify(rates)}|${JSON.stringify(eurQuotes)}`;
  let table = tables.get(key);
  if (!table) {
    table = withFastConvert(lenientFxTable(createFxTable(rates, currency, { eurQuotes })));
    if (tables.size >= TABLES_KEPT) tables.delete(tables.keys().next().value!);
    tables.set(key, table);
  }
  return table;
}

/** The workspace's FX table into `currency` (lower-case ISO code). */
export async function loadFx(db: Kysely<Database>, workspaceId: string, currency: string, mode: FxMode = {}): Promise<FxTable> {
  const code = currency.toLowerCase();
  const [rates, quotes] = await Promise.all([loadFxRates(db, workspaceId, code), loadEurQuotes(db, workspaceId)]);
  return fxTableFor(rates, code, quotes, mode);
}
