// The sentence under the top bar when some MRR is in a currency no exchange rate converts yet:
// every figure still computes for what converts, and this says plainly what is left out.
import { formatMoney } from '../../lib/format.js';

export type Unconverted = { currency: string; mrr: number };

export function unconvertedText(items: readonly Unconverted[], reportingCurrency: string): string | null {
  if (items.length === 0) return null;
  const amounts = items.map((u) => formatMoney(u.mrr, u.currency, 'en-US'));
  const codes = items.map((u) => u.currency.toUpperCase());
  const list = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);
  return `${list(amounts)} MRR not converted: no ${list(codes)} → ${reportingCurrency.toUpperCase()} rate yet. Those amounts are left out of every figure until rates arrive.`;
}
