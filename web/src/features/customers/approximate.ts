// A customer's MRR in the reporting currency at today's rate, for a muted "≈ $550.00" under a
// foreign amount: the list sorts and filters by the reporting currency, so the reader sees why
// €469 ranks above $499. Display only (a float is fine for an approximation; never summed).
import { currencyExponent } from '../../lib/currency.js';
import { formatMoney } from '../../lib/format.js';

export function approximateMrr(
  customer: { mrr: number; currency: string | null },
  reporting: string,
  rates: ReadonlyMap<string, number>,
  locale?: string,
): string | null {
  const { currency, mrr } = customer;
  if (!currency || currency === reporting || mrr === 0) return null;
  const rate = rates.get(currency);
  if (rate === undefined || !Number.isFinite(rate)) return null;
  const minor = Math.round((mrr / 10 ** currencyExponent(currency)) * rate * 10 ** currencyExponent(reporting));
  return `≈ ${formatMoney(minor, reporting, locale)}`;
}
