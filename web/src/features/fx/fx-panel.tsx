// Settings → Workspace → Exchange rates: how each billing currency converts into the reporting
// currency (directly, through the ECB's euro reference rates, or not yet), up to which day, the
// last ECB fetch, fetching now, and uploading a rate file (checked first, then stored).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import * as z from 'zod/mini';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { unconvertedText } from './unconverted.js';

const statusSchema = z.object({
  reportingCurrency: z.string(),
  asOf: z.string(),
  currencies: z.array(z.object({ currency: z.string(), via: z.nullable(z.enum(['reporting', 'direct', 'eur'])), lastRateDay: z.nullable(z.string()), sources: z.array(z.string()) })),
  unconverted: z.array(z.object({ currency: z.string(), mrr: z.int() })),
  fetch: z.nullable(z.object({ source: z.string(), fetchedAt: z.nullable(z.string()), ratesStored: z.int(), lastError: z.nullable(z.string()), lastErrorAt: z.nullable(z.string()) })),
});
const importSchema = z.object({ dryRun: z.boolean(), kind: z.string(), rates: z.int(), currencies: z.array(z.string()), from: z.nullable(z.string()), to: z.nullable(z.string()), stored: z.int() });
const refreshSchema = z.object({ stored: z.int() });

const VIA: Record<string, string> = { reporting: 'reporting currency', direct: 'direct rates', eur: 'through the euro (ECB)' };
const SOURCES: Record<string, string> = { ecb: 'ECB', import: 'imported', demo: 'demo' };

export function FxPanel({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const key = ['fx-status', workspaceId];
  const status = useQuery({ queryKey: key, queryFn: ({ signal }) => apiGet('/v1/fx/status', statusSchema, { params, signal }) });
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const everything = () => void client.invalidateQueries();
  const check = useMutation({ mutationFn: (text: string) => apiSend('POST', '/v1/fx/import', importSchema, { params: { ...params, dryRun: 'true' }, body: { csv: text } }) });
  const store = useMutation({ mutationFn: (text: string) => apiSend('POST', '/v1/fx/import', importSchema, { params, body: { csv: text } }), onSuccess: () => (setFile(null), everything()) });
  const refresh = useMutation({ mutationFn: () => apiSend('POST', '/v1/fx/refresh', refreshSchema, { params }), onSettled: everything });

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (!picked) return;
    const text = await picked.text();
    setFile({ name: picked.name, text });
    store.reset();
    check.mutate(text);
  };

  if (status.isError) return <ErrorNotice title="Could not load the exchange rates" message={errorMessage(status.error)} onRetry={() => void status.refetch()} />;
  if (!status.data) return <p className="muted">Loading…</p>;
  const s = status.data;
  const missing = unconvertedText(s.unconverted, s.reportingCurrency);
  return (
    <section className="panel" data-testid="fx-panel">
      <h2 className="panel-title">Exchange rates</h2>
      <p className="muted">
        Amounts convert at each day&apos;s rate; a day without one uses the latest earlier rate. Rates come from the European Central Bank&apos;s daily reference rates
        (fetched every working day), or from a file you upload.
      </p>
      <table className="fx-table">
        <thead>
          <tr>
            <th scope="col">Currency</th>
            <th scope="col">Converts into {s.reportingCurrency.toUpperCase()}</th>
            <th scope="col">Last rate</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {s.currencies.map((c) => (
            <tr key={c.currency} data-testid={`fx-currency-${c.currency}`}>
              <td>{c.currency.toUpperCase()}</td>
              <td className={c.via === null ? 'fx-missing' : undefined}>{c.via === null ? 'No rate yet' : VIA[c.via]}</td>
              <td>{c.lastRateDay ?? '—'}</td>
              <td>{c.sources.map((x) => SOURCES[x] ?? x).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing && (
        <p className="form-error" role="alert" data-testid="fx-missing">
          {missing}
        </p>
      )}
      <p className="muted" data-testid="fx-fetch">
        {s.fetch?.fetchedAt ? `Last ECB fetch: ${new Date(s.fetch.fetchedAt).toLocaleString('en-US')} (${s.fetch.ratesStored.toLocaleString('en-US')} rates).` : 'No ECB fetch yet.'}
        {s.fetch?.lastError ? ` The last attempt failed: ${s.fetch.lastError}` : ''}
      </p>
      <div className="fx-upload">
        <button type="button" className="button" onClick={() => refresh.mutate()} disabled={refresh.isPending} data-testid="fx-refresh">
          {refresh.isPending ? 'Fetching…' : 'Fetch ECB rates now'}
        </button>
        <label className="button">
          Upload a rate file…
          <input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => void choose(e)} data-testid="fx-file" />
        </label>
        <span className="muted">ECB&apos;s eurofxref-hist.csv, or a CSV with the header date,currency,rate_to_{s.reportingCurrency}</span>
      </div>
      {refresh.isError && <p className="form-error" role="alert">{errorMessage(refresh.error)}</p>}
      {refresh.isSuccess && <p className="form-notice" role="status">Fetched: {refresh.data.stored.toLocaleString('en-US')} rates stored.</p>}
      {file && check.isError && (
        <div className="form-error" role="alert" data-testid="fx-file-problems">
          {file.name} was not imported:
          <pre className="fx-problems">{errorMessage(check.error)}</pre>
        </div>
      )}
      {file && check.data && !store.isSuccess && (
        <p className="form-notice" role="status" data-testid="fx-file-check">
          {file.name}: {check.data.rates.toLocaleString('en-US')} rates for {check.data.currencies.map((c) => c.toUpperCase()).join(', ')} from {check.data.from} to {check.data.to}.{' '}
          <button type="button" className="button button-primary" onClick={() => store.mutate(file.text)} disabled={store.isPending} data-testid="fx-file-import">
            Import them
          </button>
        </p>
      )}
      {store.isSuccess && <p className="form-notice" role="status" data-testid="fx-file-stored">Imported {store.data.stored.toLocaleString('en-US')} rates; every figure now uses them.</p>}
      {store.isError && <p className="form-error" role="alert">{errorMessage(store.error)}</p>}
    </section>
  );
}
