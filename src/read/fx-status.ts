// The FX side of a workspace, for Settings → Workspace, the top bar's notice and
// GET /v1/fx/status: which currencies it bills in, which the rates convert into the reporting
// currency (directly, or through the euro reference rates), up to which day (a later day carries
// the latest rate forward), and the MRR of each currency that no rate converts yet — left out of
// every figure and named beside it, never failing a screen.
import type { Kysely } from 'kysely';
import { unconvertedAmounts } from '../core/fx.js';
import { billingCurrencies, rateCoverage, type RateCoverage } from '../store/fx-repo.js';
import { levelsAt } from './periods/query.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { loadFx } from './fx.js';

export type CurrencyCoverage = {
  currency: string;
  /** How it converts into the reporting currency: 'reporting' (it is), 'direct' (rates into
   *  it), 'eur' (through the euro reference quotes), or null (it does not yet). */
  via: 'reporting' | 'direct' | 'eur' | null;
  /** The last day a rate is known for; later days use it (carried forward). */
  lastRateDay: string | null;
  sources: string[];
};

export type FxFetchState = { source: string; fetchedAt: string | null; ratesStored: number; lastError: string | null; lastErrorAt: string | null };

export type FxStatus = {
  reportingCurrency: string;
  asOf: string;
  currencies: CurrencyCoverage[];
  /** MRR (native minor units) at `asOf` in currencies no rate converts: left out of the figures. */
  unconverted: { currency: string; mrr: number }[];
  rates: RateCoverage[];
  fetch: FxFetchState | null;
};

function coverageOf(currency: string, reporting: string, rates: readonly RateCoverage[], via: CurrencyCoverage['via']): Omit<CurrencyCoverage, 'currency' | 'via'> {
  if (via === 'reporting' || via === null) return { lastRateDay: null, sources: [] };
  if (via === 'direct') {
    const rows = rates.filter((r) => r.currency === currency && r.quoteCurrency === reporting);
    return { lastRateDay: rows.map((r) => r.lastDay).sort().at(-1) ?? null, sources: [...new Set(rows.map((r) => r.source))] };
  }
  const legs = [currency, reporting].filter((c) => c !== 'eur');
  const rows = rates.filter((r) => r.currency === 'eur' && legs.includes(r.quoteCurrency));
  const lastPerLeg = legs.map((leg) => rows.filter((r) => r.quoteCurrency === leg).map((r) => r.lastDay).sort().at(-1) ?? null);
  const last = lastPerLeg.some((d) => d === null) ? null : (lastPerLeg as string[]).sort()[0] ?? null;
  return { lastRateDay: last, sources: [...new Set(rows.map((r) => r.source))] };
}

export async function fxStatus(db: Kysely<Database>, workspace: Workspace, asOf: string): Promise<FxStatus> {
  const reporting = workspace.reportingCurrency;
  const [billing, fx, rates, levels, fetch] = await Promise.all([
    billingCurrencies(db, workspace.id),
    loadFx(db, workspace.id, reporting),
    rateCoverage(db, workspace.id),
    levelsAt(db, workspace.id, asOf),
    db.selectFrom('fx_fetches').selectAll().where('workspace_id', '=', workspace.id).executeTakeFirst(),
  ]);
  // EUR's own reference quote (eur → reporting) is the euro route, not a direct rate.
  const direct = new Set(rates.filter((r) => r.quoteCurrency === reporting && !(r.currency === 'eur' && r.source === 'ecb')).map((r) => r.currency));
  const convertible = new Set(fx.currencies);
  const currencies = [...new Set([reporting, ...billing])].sort().map((currency): CurrencyCoverage => {
    const via = currency === reporting ? 'reporting' : !convertible.has(currency) ? null : direct.has(currency) ? 'direct' : 'eur';
    return { currency, via, ...coverageOf(currency, reporting, rates, via) };
  });
  return {
    reportingCurrency: reporting,
    asOf,
    currencies,
    unconverted: unconvertedAmounts(levels.levels, fx).map((u) => ({ currency: u.currency, mrr: u.amount })),
    rates,
    fetch: fetch
      ? {
          source: fetch.source,
          fetchedAt: fetch.fetched_at?.toISOString() ?? null,
          ratesStored: fetch.rates_stored,
          lastError: fetch.last_error,
          lastErrorAt: fetch.last_error_at?.toISOString() ?? null,
        }
      : null,
  };
}
