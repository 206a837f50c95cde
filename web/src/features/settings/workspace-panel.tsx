// Settings → Workspace: the reporting currency, the metric-definitions preset and the monthly
// MRR target. Changing the currency or the preset rebuilds every figure on the server; the
// whole dashboard is refetched afterwards.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { currencyExponent } from '../../lib/currency.js';
import { formatMoney } from '../../lib/format.js';
import { moneyInputValue, parseMoneyInput } from '../customers/filters.js';
import { FxPanel } from '../fx/fx-panel.js';

export const PRESETS = [
  { id: 'default', label: 'Revpulse default', help: 'A cancelled subscription counts until it ends; repeating discounts are deducted; unpaid subscriptions stop counting.' },
  { id: 'stripe', label: 'Like Stripe Billing', help: 'Churn as soon as a cancellation is requested; discounts are not deducted.' },
  { id: 'chartmogul', label: 'Like ChartMogul', help: 'Churn at the end of the paid period; all discounts deducted; unpaid subscriptions keep counting.' },
] as const;
type PresetId = (typeof PRESETS)[number]['id'];

const settingsSchema = z.object({
  name: z.string(),
  reportingCurrency: z.string(),
  preset: z.enum(['default', 'stripe', 'chartmogul']),
  mrrTarget: z.nullable(z.int()),
  billingCurrencies: z.array(z.string()),
  reportingCurrencies: z.array(z.string()),
  rebuild: z.nullable(z.object({ id: z.string(), reason: z.string(), status: z.enum(['running', 'done', 'failed']), done: z.int(), total: z.nullable(z.int()), error: z.nullable(z.string()) })),
});

const POLL_WHILE_REBUILDING_MS = 1_000;
const targetSchema = z.object({ mrrTarget: z.nullable(z.int()) });

export function WorkspacePanel({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const key = ['workspace-settings', workspaceId];
  const params = { workspace: workspaceId };
  const settings = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => apiGet('/v1/settings/workspace', settingsSchema, { params, signal }),
    refetchInterval: (query) => (query.state.data?.rebuild?.status === 'running' ? POLL_WHILE_REBUILDING_MS : false),
  });
  const [saved, setSaved] = useState<string | null>(null);
  // Every figure changes with the currency or the preset: refetch everything once the rebuild is
  // done, the session too (it names the currency).
  const everything = () => void client.invalidateQueries();
  const rebuild = settings.data?.rebuild ?? null;
  const [watching, setWatching] = useState<string | null>(null);
  useEffect(() => {
    if (!watching || !rebuild || rebuild.id !== watching || rebuild.status === 'running') return;
    setWatching(null);
    setSaved(rebuild.status === 'done' ? 'Saved: every figure has been recomputed.' : `The rebuild failed: ${rebuild.error ?? 'unknown error'}. Nothing was changed in the figures.`);
    everything();
  }, [watching, rebuild]);
  const change = useMutation({
    mutationFn: (body: { reportingCurrency?: string; preset?: PresetId }) => apiSend('PUT', '/v1/settings/workspace', settingsSchema, { params, body }),
    onSuccess: (answer) => {
      client.setQueryData(key, answer);
      setSaved(null);
      if (answer.rebuild?.status === 'running') setWatching(answer.rebuild.id);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const target = useMutation({
    mutationFn: (mrrTarget: number | null) => apiSend('PUT', '/v1/settings/mrr-target', targetSchema, { params, body: { mrrTarget } }),
    onSuccess: () => (setSaved('Saved the MRR target.'), everything()),
  });
  const [targetError, setTargetError] = useState<string | null>(null);

  if (settings.isError) return <ErrorNotice title="Could not load the workspace settings" message={errorMessage(settings.error)} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <p className="muted">Loading…</p>;
  const s = settings.data;
  const exponent = currencyExponent(s.reportingCurrency);

  const submitCurrency = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const currency = String(new FormData(event.currentTarget).get('currency'));
    if (currency !== s.reportingCurrency) change.mutate({ reportingCurrency: currency });
  };
  const submitTarget = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseMoneyInput(String(new FormData(event.currentTarget).get('target') ?? ''), exponent);
    if (parsed === 'invalid') return setTargetError(`An amount in ${s.reportingCurrency.toUpperCase()}, like 50000 or 49999.99.`);
    setTargetError(null);
    target.mutate(parsed);
  };
  const rebuilding = rebuild?.status === 'running';
  const busy = change.isPending || target.isPending || rebuilding;

  return (
    <div className="stack" data-testid="workspace-panel">
      {saved && !busy && (
        <p className="form-notice" role="status" data-testid="workspace-saved">
          {saved}
        </p>
      )}
      {rebuilding && rebuild && (
        <p className="form-notice" role="status" data-testid="workspace-rebuilding">
          Recomputing every figure ({rebuild.reason})
          {rebuild.total ? `: ${rebuild.done.toLocaleString('en-US')} of ${rebuild.total.toLocaleString('en-US')} customers` : '…'} The dashboard keeps showing the previous figures until it is done; new
          events are applied after it.
        </p>
      )}
      <section className="panel">
        <h2 className="panel-title">Reporting currency</h2>
        <p className="muted">
          Every figure is converted into this currency at each day&apos;s rate (see Exchange rates below). This workspace bills in {s.billingCurrencies.map((c) => c.toUpperCase()).join(', ') || 'no currency yet'}.
        </p>
        <form className="inline-form" onSubmit={submitCurrency}>
          <label className="field">
            <span>Currency</span>
            <select name="currency" defaultValue={s.reportingCurrency} key={s.reportingCurrency} data-testid="settings-currency">
              {s.reportingCurrencies.map((c) => (
                <option key={c} value={c}>
                  {c.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-primary" disabled={busy}>
            {(change.isPending && change.variables?.reportingCurrency) || rebuilding ? 'Recomputing…' : 'Save currency'}
          </button>
        </form>
        {s.reportingCurrencies.length <= 1 && <p className="muted">Other currencies appear here once exchange rates convert every billing currency into them.</p>}
      </section>

      <FxPanel workspaceId={workspaceId} />

      <section className="panel">
        <h2 className="panel-title">Metric definitions</h2>
        <p className="muted">How cancellations, discounts and unpaid subscriptions count towards MRR (docs/metrics.md explains each rule).</p>
        <fieldset className="preset-choices" disabled={busy}>
          <legend className="visually-hidden">Definitions preset</legend>
          {PRESETS.map((p) => (
            <label key={p.id} className="preset-choice" data-selected={p.id === s.preset || undefined}>
              <input type="radio" name="preset" value={p.id} checked={p.id === s.preset} onChange={() => change.mutate({ preset: p.id })} data-testid={`settings-preset-${p.id}`} />
              <span>
                <strong>{p.label}</strong>
                <span className="muted preset-help">{p.help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {((change.isPending && change.variables?.preset) || rebuilding) && <p className="muted">Recomputing every figure with the new definitions…</p>}
        {change.isError && (
          <p className="form-error" role="alert">
            {errorMessage(change.error)}
          </p>
        )}
      </section>

      <section className="panel">
        <h2 className="panel-title">Monthly MRR target</h2>
        <p className="muted">
          The executive screen measures progress against it. {s.mrrTarget !== null ? `Now ${formatMoney(s.mrrTarget, s.reportingCurrency)}.` : 'No target set.'}
        </p>
        <form className="inline-form" onSubmit={submitTarget} key={String(s.mrrTarget)}>
          <label className="field">
            <span>Target ({s.reportingCurrency.toUpperCase()})</span>
            <input name="target" inputMode="decimal" defaultValue={moneyInputValue(s.mrrTarget ?? undefined, exponent)} placeholder="e.g. 50000" data-testid="settings-target" />
          </label>
          <button type="submit" className="button button-primary" disabled={busy}>
            Save target
          </button>
          {s.mrrTarget !== null && (
            <button type="button" className="button" disabled={busy} onClick={() => target.mutate(null)}>
              Remove target
            </button>
          )}
        </form>
        {(targetError ?? (target.isError ? errorMessage(target.error) : null)) && (
          <p className="form-error" role="alert">
            {targetError ?? errorMessage(target.error)}
          </p>
        )}
      </section>
    </div>
  );
}
