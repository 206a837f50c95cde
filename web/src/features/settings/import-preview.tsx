// A checked subscription file: its counts, its first valid rows as a table (money in major units,
// as in the file) and every error with its line and column (the first 200, the rest counted).
import type { ImportResult } from '@read/imports/contract.js';
import { TableHead, numeric } from '../../components/table-head.js';
import { checkSummaryText, ERRORS_LISTED, importErrorText, instantText, moreErrorsText, periodText } from './import-shaping.js';

const COLUMNS = ['Line', 'Customer', 'Subscription', 'From', 'Status', 'Plan', numeric('Amount', 'numeric'), 'Every', numeric('Qty', 'numeric')];

export function ImportPreview({ fileName, result }: { fileName: string; result: ImportResult }) {
  const more = moreErrorsText(result);
  return (
    <div className="import-preview" data-testid="import-preview">
      <p className="import-counts" data-testid="import-counts">
        <strong>{fileName}</strong> ({result.format === 'csv' ? 'CSV' : 'JSON lines'}): {checkSummaryText(result)}
      </p>
      {result.errors.length > 0 && (
        <div className="notice notice-error import-errors" data-testid="import-errors">
          <div>
            <h3 className="notice-title">
              {result.invalid.toLocaleString('en-US')} {result.invalid === 1 ? 'line has' : 'lines have'} errors
            </h3>
            {/* Up to 200 lines scroll in their own box: focusable, so a keyboard can scroll it too. */}
            <div className="import-error-list" role="region" aria-label="Errors by line" tabIndex={0}>
              <ul>
                {result.errors.slice(0, ERRORS_LISTED).map((e, i) => (
                  <li key={`${e.line}-${e.column ?? ''}-${i}`} data-testid="import-error">
                    {importErrorText(e)}
                  </li>
                ))}
              </ul>
            </div>
            {more && <p className="notice-message">{more}</p>}
          </div>
        </div>
      )}
      {result.preview.length > 0 && (
        <div className="import-table">
          <table className="data-table compact-table" data-testid="import-preview-table">
            <caption className="import-caption">
              The first {result.preview.length.toLocaleString('en-US')} valid {result.preview.length === 1 ? 'row' : 'rows'}
            </caption>
            <TableHead columns={COLUMNS} />
            <tbody>
              {result.preview.map((row) => (
                <tr key={row.line}>
                  <td className="numeric">{row.line}</td>
                  <td>
                    {row.customerName ?? row.customerId}
                    <span className="cell-sub muted">{row.customerName ? row.customerId : row.customerEmail ?? ''}</span>
                  </td>
                  <td>
                    <code>{row.subscriptionId}</code>
                  </td>
                  <td>{instantText(row.effectiveAt)}</td>
                  <td>{row.status.replace('_', ' ')}</td>
                  <td>{row.plan ?? '—'}</td>
                  <td className="numeric">
                    {row.amount} {row.currency.toUpperCase()}
                    {row.discountPercent && <span className="cell-sub muted">−{row.discountPercent}%</span>}
                  </td>
                  <td>{periodText(row.interval, row.intervalCount)}</td>
                  <td className="numeric">{row.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
