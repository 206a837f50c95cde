// Settings → Sources: the workspace's sources (Stripe, PayPal, imports) with their freshness and
// sync progress, the webhook URL to paste into the provider, syncing now, removing, adding a Stripe
// or PayPal account (secrets go in once and never come back out), and importing subscription files.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { formatAge } from '../../lib/format.js';
import * as z from 'zod/mini';
import type { Role } from '../auth/session.js';
import { CopyField } from './copy-field.js';
import { mayManageSources } from './settings-tabs.js';
import { deadLetters, retried, sourceCreated, sourceList, syncStarted } from '@read/settings/contract.js';
import { importList } from '@read/imports/contract.js';
import { deadLetterText, providerLabel, sourceStatusText, webhookUrlFor, type SourceView } from './source-schemas.js';
import { ImportHistory } from './import-history.js';
import { ImportPanel } from './import-panel.js';
import { PaypalSourceForm } from './paypal-source-form.js';
import { PaypalWebhookIdForm } from './paypal-webhook-id-form.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

const noContent = z.unknown();
const POLL_WHILE_SYNCING_MS = 3_000;
const POLL_MS = 30_000;

/** Events of this source that failed five times: their last errors, and a retry once fixed. */
function DeadLetterNotice({ source, workspaceId, canManage }: { source: SourceView; workspaceId: string; canManage: boolean }) {
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const letters = useQuery({
    queryKey: ['dead-letters', workspaceId],
    queryFn: ({ signal }) => apiGet('/v1/dead-letters', deadLetters, { params, signal }),
    enabled: source.deadLetters > 0,
  });
  const retry = useMutation({
    mutationFn: () => apiSend('POST', '/v1/dead-letters/retry', retried, { params, body: { eventIds: (letters.data?.events ?? []).filter((e) => e.sourceId === source.id).map((e) => e.eventId) } }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['sources', workspaceId] }).then(() => client.invalidateQueries({ queryKey: ['dead-letters', workspaceId] })),
  });
  if (source.deadLetters === 0) return null;
  const mine = (letters.data?.events ?? []).filter((e) => e.sourceId === source.id).slice(0, 5);
  return (
    <div className="notice notice-error dead-letters" role="status" data-testid="source-dead-letters">
      <div>
        <p className="notice-title">{deadLetterText(source.deadLetters)}</p>
        {mine.length > 0 && (
          <ul className="dead-letter-list">
            {mine.map((e) => (
              <li key={e.eventId}>
                <code>{e.eventId}</code> <span className="muted">{e.type}</span> — {e.lastError ?? 'no error recorded'}
              </li>
            ))}
          </ul>
        )}
        {retry.isError && <p className="form-error" role="alert">{errorMessage(retry.error)}</p>}
        {retry.isSuccess && <p className="notice-message">Queued again: {retry.data.retried.events} event(s).</p>}
      </div>
      {canManage && (
        <button type="button" className="button" onClick={() => retry.mutate()} disabled={retry.isPending || !letters.data} data-testid="source-dead-letters-retry">
          Retry dead letters
        </button>
      )}
    </div>
  );
}

function SourceRow({ source, workspaceId, canManage, onSync, onRemove, onChanged, busy, lastImportAt }: { source: SourceView; workspaceId: string; canManage: boolean; onSync: () => void; onRemove: () => void; onChanged: () => void; busy: boolean; lastImportAt: string | null }) {
  const age = (iso: string) => formatAge(Date.now() - Date.parse(iso));
  const webhookUrl = source.webhookUrl ? webhookUrlFor(source.webhookUrl, window.location.origin) : null;
  const provider = providerLabel(source.provider);
  const modeBadge = source.provider === 'import' ? null : source.paypal ? (source.paypal.sandbox ? 'sandbox' : 'live') : `${source.mode} mode`;
  return (
    <li className="source" data-testid="source" data-freshness={source.freshness}>
      <div className="source-head">
        <div className="source-title">
          <span className="source-dot" data-freshness={source.freshness} aria-hidden="true">
            {source.freshness === 'syncing' && <span className="spinner" />}
          </span>
          <div>
            <h3 className="source-name">
              {source.name} <span className="badge" data-testid="source-provider">{provider}</span>
              {modeBadge && <> <span className={`badge${source.mode === 'live' ? ' badge-positive' : ''}`}>{modeBadge}</span></>}
            </h3>
            <p className="source-status" data-testid="source-status">
              {sourceStatusText(source, age, lastImportAt)}
            </p>
          </div>
        </div>
        {canManage && (
          <div className="source-actions">
            {source.provider !== 'import' && (
              <button type="button" className="button" onClick={onSync} disabled={!source.hasApiKey || source.freshness === 'syncing' || busy} title={source.hasApiKey ? `Fetch what changed in ${provider} since the last sync` : 'This source has no API key: it only receives webhooks'} data-testid="source-sync">
                Sync now
              </button>
            )}
            <button type="button" className="button button-danger" onClick={onRemove} disabled={busy} data-testid="source-remove">
              Remove
            </button>
          </div>
        )}
      </div>
      <DeadLetterNotice source={source} workspaceId={workspaceId} canManage={canManage} />
      <dl className="source-facts">
        <div>
          <dt>{source.provider === 'import' ? 'Last imported' : 'Last event'}</dt>
          <dd>{when(source.lastEventAt)}</dd>
        </div>
        {source.paypal && (
          <>
            <div>
              <dt>Client id</dt>
              <dd data-testid="source-paypal-client-id">{source.paypal.clientId}</dd>
            </div>
            <div>
              <dt>Webhook id</dt>
              <dd data-testid="source-paypal-webhook-id">{source.paypal.webhookId || <span className="muted">not set</span>}</dd>
            </div>
            <div>
              <dt>Environment</dt>
              <dd data-testid="source-paypal-sandbox">{source.paypal.sandbox ? 'Sandbox' : 'Live'}</dd>
            </div>
          </>
        )}
        {source.provider !== 'import' && (
          <div>
            <dt>Last sync</dt>
            <dd>{when(source.lastSyncedAt)}</dd>
          </div>
        )}
        {source.provider !== 'import' && (
          <div>
            <dt>History</dt>
            <dd>
              {source.sync.backfill.status === 'done'
                ? `Backfilled ${source.sync.backfill.done.toLocaleString()} objects`
                : source.sync.backfill.status === 'running'
                  ? `Backfilling: ${source.sync.backfill.done.toLocaleString()}${source.sync.backfill.total ? ` of ${source.sync.backfill.total.toLocaleString()}` : ''}`
                  : source.sync.backfill.status === 'failed'
                    ? 'Backfill failed'
                    : source.hasApiKey
                      ? 'Not backfilled yet'
                      : 'Webhooks only (no API key)'}
            </dd>
          </div>
        )}
      </dl>
      {webhookUrl && (
        <div className="webhook-url">
          <span className="webhook-label">Webhook URL for {provider}</span>
          <div className="copy-row">
            <code data-testid="source-webhook-url">{webhookUrl}</code>
            <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(webhookUrl)}>
              Copy
            </button>
          </div>
        </div>
      )}
      {canManage && source.paypal && !source.paypal.webhookId && <PaypalWebhookIdForm sourceId={source.id} params={{ workspace: workspaceId }} onSaved={onChanged} />}
    </li>
  );
}

export function SourcesPanel({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const { query: sources, params, refresh } = useSettingsQuery('sources', '/v1/sources', sourceList, workspaceId, {
    refetchInterval: (query) => (query.state.data?.data.some((s) => s.freshness === 'syncing') ? POLL_WHILE_SYNCING_MS : POLL_MS),
  });
  const imports = useSettingsQuery('imports', '/v1/imports', importList, workspaceId).query.data?.data ?? [];
  const lastImportAt = (sourceId: string) => imports.find((run) => run.sourceId === sourceId && !run.dryRun && run.status === 'completed')?.createdAt ?? null;
  const [added, setAdded] = useState<SourceView | null>(null);
  const add = useMutation({
    mutationFn: (body: { provider: 'stripe'; name: string; webhookSecret: string; apiKey?: string; mode: 'test' | 'live' }) =>
      apiSend('POST', '/v1/sources', sourceCreated, { params, body }),
    onSuccess: (answer) => (setAdded(answer.source), refresh()),
  });
  const sync = useMutation({ mutationFn: (id: string) => apiSend('POST', `/v1/sources/${encodeURIComponent(id)}/sync`, syncStarted, { params, body: {} }), onSettled: refresh });
  const remove = useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/v1/sources/${encodeURIComponent(id)}`, noContent, { params }), onSettled: refresh });
  const canManage = mayManageSources(role);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get('apiKey') ?? '').trim();
    add.mutate({
      provider: 'stripe',
      name: String(form.get('name') ?? '').trim(),
      webhookSecret: String(form.get('webhookSecret') ?? '').trim(),
      mode: form.get('mode') === 'live' ? 'live' : 'test',
      ...(apiKey ? { apiKey } : {}),
    });
    event.currentTarget.reset();
  };
  const list = sources.data?.data ?? [];

  return (
    <div className="stack" data-testid="sources-panel">
      <section className="panel">
        <h2 className="panel-title">Sources</h2>
        {sources.isError ? (
          <ErrorNotice title="Could not load the sources" message={errorMessage(sources.error)} onRetry={() => void sources.refetch()} />
        ) : !sources.data ? (
          <p className="muted">Loading…</p>
        ) : list.length === 0 ? (
          <p className="muted">No source yet. Add your Stripe or PayPal account below (its history backfills, then webhooks keep it live), or import a file of subscriptions.</p>
        ) : (
          <ul className="source-list">
            {list.map((s) => (
              <SourceRow
                key={s.id}
                source={s}
                workspaceId={workspaceId}
                canManage={canManage}
                busy={sync.isPending || remove.isPending}
                lastImportAt={lastImportAt(s.id)}
                onSync={() => sync.mutate(s.id)}
                onChanged={refresh}
                onRemove={() => window.confirm(`Remove ${s.name}? Its webhooks stop being accepted; the data it brought in stays.`) && remove.mutate(s.id)}
              />
            ))}
          </ul>
        )}
        {(sync.isError || remove.isError) && (
          <p className="form-error" role="alert">
            {errorMessage(sync.error ?? remove.error)}
          </p>
        )}
      </section>

      {canManage && (
        <section className="panel">
          <h2 className="panel-title">Add a Stripe account</h2>
          <ol className="steps muted source-steps">
            <li>
              In Stripe, <strong>Developers → API keys</strong>: create a restricted key with read access to customers, subscriptions, invoices, charges, prices and
              products (optional: without it Revpulse only receives webhooks, with no history).
            </li>
            <li>
              <strong>Developers → Webhooks</strong>: add an endpoint. Its URL is shown here once the source is added; copy the endpoint&apos;s signing secret
              (<code>whsec_…</code>) into the form below.
            </li>
          </ol>
          <form className="inline-form" onSubmit={submit} data-testid="source-form">
            <label className="field">
              <span>Name</span>
              <input name="name" required maxLength={100} placeholder="e.g. Stripe (US)" />
            </label>
            <label className="field">
              <span>Webhook signing secret</span>
              <input name="webhookSecret" type="password" required maxLength={200} placeholder="whsec_…" autoComplete="off" />
            </label>
            <label className="field">
              <span>API key (optional)</span>
              <input name="apiKey" type="password" maxLength={300} placeholder="rk_live_… or sk_…" autoComplete="off" />
            </label>
            <label className="field source-field-narrow">
              <span>Mode</span>
              <select name="mode" defaultValue="live">
                <option value="live">Live</option>
                <option value="test">Test</option>
              </select>
            </label>
            <button type="submit" className="button button-primary" disabled={add.isPending}>
              Add source
            </button>
          </form>
          {add.isError && (
            <p className="form-error" role="alert">
              {errorMessage(add.error)}
            </p>
          )}
          {added && <CopyField label={`Added ${added.name}. Paste this URL into the Stripe webhook endpoint:`} value={webhookUrlFor(added.webhookUrl, window.location.origin)} testId="new-source-webhook-url" />}
        </section>
      )}
      {canManage && <PaypalSourceForm params={params} onAdded={refresh} />}
      {canManage && <ImportPanel workspaceId={workspaceId} />}
      <ImportHistory workspaceId={workspaceId} />
    </div>
  );
}
