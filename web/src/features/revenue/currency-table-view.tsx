// MRR by billing currency: native MRR, the day's rate, the value in the reporting currency, its
// share, and the FX adjustment over the range (how much of the MRR change exchange rates alone
// made). MRR figures open the explain panel on the MRR at the date, grouped by currency.
import type { Day } from '../../lib/calendar.js';
import { formatMoney, formatMoneyChange } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { formatRate, formatRateValue, type CurrencyTable } from './currency-breakdown.js';
import { Figure, type OnExplain } from './figure.js';

export function CurrencyTableView(props: { table: CurrencyTable; reporting: string; date: Day; fxFrom: Day; fxTo: Day; rangeLabel: string; onExplain?: OnExplain; locale?: string }) {
  const { table, reporting, date, fxFrom, fxTo, rangeLabel, onExplain, locale } = props;
  const mrrTarget = (currency: string | null) => ({
    metric: 'mrr' as const,
    date,
    title: currency ? `MRR billed in ${currency.toUpperCase()}` : 'MRR',
    ...(currency ? { note: `The ${currency.toUpperCase()} group adds up to this figure.` } : {}),
  });
  const fxTarget = (currency: string | null) => ({
    metric: 'fx' as const,
    from: fxFrom,
    to: fxTo,
    title: `FX adjustment · ${rangeLabel}`,
    ...(currency ? { note: `The ${currency.toUpperCase()} group is this figure.` } : {}),
  });
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="MRR by currency, scrollable">
      <table className="data-table numeric-table" data-testid="currency-table">
        <caption className="visually-hidden">MRR by billing currency converted into {reporting.toUpperCase()}, with the FX adjustment over {rangeLabel}</caption>
        <thead>
          <tr>
            <th scope="col">Currency</th>
            <th scope="col" className="num">
              MRR billed
            </th>
            <th scope="col" className="num" title={`${reporting.toUpperCase()} per unit of the billing currency, on the day shown`}>
              Rate
            </th>
            <th scope="col" className="num">
              MRR in {reporting.toUpperCase()}
            </th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col" className="num" title="The change in MRR caused by exchange rates alone over the range">
              FX adjustment
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.currency} data-testid={`currency-row-${row.currency}`}>
              <th scope="row">
                <span className="currency-code">{row.currency.toUpperCase()}</span>
                <span className="row-sublabel">{row.customers.toLocaleString(locale)} customers</span>
              </th>
              <td className="num">{formatMoney(row.native, row.currency, locale)}</td>
              <td className="num muted rate" title={formatRate(row.rate, row.currency, reporting, locale)}>
                {row.currency === reporting || !Number.isFinite(row.rate) ? '—' : formatRateValue(row.rate, locale)}
              </td>
              <td className="num">
                <Figure target={mrrTarget(row.currency)} onExplain={onExplain} label={`MRR billed in ${row.currency.toUpperCase()}`}>
                  {formatMoney(row.mrr, reporting, locale)}
                </Figure>
              </td>
              <td className="num muted">{formatPercent(row.share, { locale })}</td>
              <td className="num" data-tone={row.fx === 0 ? 'zero' : row.fx > 0 ? 'up' : 'down'}>
                {row.currency === reporting ? (
                  '—'
                ) : (
                  <Figure target={fxTarget(row.currency)} onExplain={onExplain} label={`FX adjustment of ${row.currency.toUpperCase()}`}>
                    {formatMoneyChange(row.fx, reporting, locale)}
                  </Figure>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num" />
            <td className="num" />
            <td className="num" data-figure={date ? `mrr@${date}` : undefined}>
              <Figure target={mrrTarget(null)} onExplain={onExplain} label="Total MRR">
                {formatMoney(table.total.mrr, reporting, locale)}
              </Figure>
            </td>
            <td className="num muted">{table.total.mrr === 0 ? '—' : formatPercent(1, { locale, digits: 0 })}</td>
            <td className="num" data-tone={table.total.fx === 0 ? 'zero' : table.total.fx > 0 ? 'up' : 'down'}>
              <Figure target={fxTarget(null)} onExplain={onExplain} label="Total FX adjustment">
                {formatMoneyChange(table.total.fx, reporting, locale)}
              </Figure>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
