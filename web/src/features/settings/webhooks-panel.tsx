// Settings → Webhooks: the workspace's outgoing webhook endpoints (docs/webhooks.md). Add one (URL,
// event types), its signing secret shown once with a copy button; a disabled endpoint's notice
// with Enable; per endpoint, the delivery log (status, response code, duration) with Replay.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import * as z from 'zod/mini';
import {
  webhookDeliveryAnswer, webhookDeliveryList, webhookEndpointAnswer, webhookEndpointList, webhookEndpointWithSecret, type WebhookEndpoint,
} from '@read/outgoing-webhooks/contract.js';
import { CopyField } from './copy-field.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

const noContent = z.unknown();

export function OutgoingWebhooksPanel({ workspaceId }: { workspaceId: string }) {
  const { query: endpoints, params, refresh } = useSettingsQuery('webhook-endpoints', '/v1/webhook-endpoints', webhookEndpointList, workspaceId);
  const [secret, setSecret] = useState<{ url: string; value: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { url: string; description: string; eventTypes: string[] }) => apiSend('POST', '/v1/webhook-endpoints', webhookEndpointWithSecret, { params, body }),
    onSuccess: (answer) => (setSecret({ url: answer.endpoint.url, value: answer.secret }), refresh()),
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { enabled: boolean } }) => apiSend('PATCH', `/v1/webhook-endpoints/${encodeURIComponent(id)}`, webhookEndpointAnswer, { params, body }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => apiSend('POST', `/v1/webhook-endpoints/${encodeURIComponent(id)}/rotate-secret`, webhookEndpointWithSecret, { params }),
    onSuccess: (answer) => setSecret({ url: answer.endpoint.url, value: answer.secret }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/webhook-endpoints/${encodeURIComponent(id)}`, noContent, { params }),
    onSettled: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ url: String(form.get('url') ?? ''), description: String(form.get('description') ?? ''), eventTypes: form.getAll('eventTypes').map(String) });
  };

  return (
    <div className="stack" data-testid="webhooks-panel">
      <section className="panel">
        <h2 className="panel-title">New endpoint</h2>
        <p className="muted">
          Revpulse POSTs each event as JSON, signed in the <code>Revpulse-Signature</code> header, and retries failures for 3 days. See docs/webhooks.md for the bodies and how to verify them.
        </p>
        <form className="stack" onSubmit={submit}>
          <label className="field">
            <span>URL</span>
            <input name="url" type="url" required maxLength={2000} placeholder="https://example.com/revpulse" />
          </label>
          <label className="field">
            <span>Description</span>
            <input name="description" maxLength={200} placeholder="optional" />
          </label>
          <fieldset className="field">
            <legend>Events</legend>
            {(endpoints.data?.eventTypes ?? []).map((type) => (
              <label key={type} className="checkbox">
                <input type="checkbox" name="eventTypes" value={type} defaultChecked={type === 'customer.created'} /> <code>{type}</code>
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button button-primary" disabled={create.isPending}>Add endpoint</button>
          </div>
          {create.isError && <p className="form-error" role="alert">{errorMessage(create.error)}</p>}
        </form>
        {secret && <CopyField label={`Signing secret for ${secret.url}: copy it now, it is shown only once.`} value={secret.value} testId="webhook-secret" />}
      </section>

      <section className="panel">
        <h2 className="panel-title">Endpoints</h2>
        {endpoints.isError ? (
          <ErrorNotice title="Could not load the endpoints" message={errorMessage(endpoints.error)} onRetry={() => void endpoints.refetch()} />
        ) : !endpoints.data ? (
          <p className="muted">Loading…</p>
        ) : endpoints.data.data.length === 0 ? (
          <p className="muted">No endpoint yet.</p>
        ) : (
          endpoints.data.data.map((e) => (
            <article key={e.id} className="stack" data-testid="webhook-endpoint">
              <EndpointHead endpoint={e} />
              {!e.enabled && (
                <div className="notice notice-warning" role="status" data-testid="webhook-disabled">
                  <p>Disabled {when(e.disabledAt)}. {e.disabledReason}</p>
                  <button type="button" className="button" onClick={() => change.mutate({ id: e.id, body: { enabled: true } })}>Enable again</button>
                </div>
              )}
              <div className="actions">
                <button type="button" className="button" onClick={() => setOpen(open === e.id ? null : e.id)}>{open === e.id ? 'Hide deliveries' : 'Deliveries'}</button>
                {e.enabled && <button type="button" className="button" onClick={() => change.mutate({ id: e.id, body: { enabled: false } })}>Disable</button>}
                <button type="button" className="button" onClick={() => window.confirm('Replace the signing secret? The old one stops signing at once.') && rotate.mutate(e.id)}>Rotate secret</button>
                <button type="button" className="button button-danger" onClick={() => window.confirm(`Remove ${e.url} and its delivery log?`) && remove.mutate(e.id)}>Remove</button>
              </div>
              {open === e.id && <DeliveryLog endpointId={e.id} params={params} />}
            </article>
          ))
        )}
        {(change.isError || rotate.isError || remove.isError) && <p className="form-error" role="alert">{errorMessage(change.error ?? rotate.error ?? remove.error)}</p>}
      </section>
    </div>
  );
}

function EndpointHead({ endpoint: e }: { endpoint: WebhookEndpoint }) {
  return (
    <div>
      <h3>
        <code>{e.url}</code> {e.enabled ? <span className="badge">enabled</span> : <span className="badge badge-warning">disabled</span>}
      </h3>
      {e.description && <p className="muted">{e.description}</p>}
      <p className="muted">
        {e.eventTypes.join(', ')} · {e.pending} pending · {e.failed} failed · last delivered {when(e.lastDeliveredAt)}
        {e.failingSince && e.enabled ? ` · failing since ${when(e.failingSince)}` : ''}
      </p>
    </div>
  );
}

function DeliveryLog({ endpointId, params }: { endpointId: string; params: Record<string, string> }) {
  const path = `/v1/webhook-endpoints/${encodeURIComponent(endpointId)}/deliveries`;
  const deliveries = useQuery({ queryKey: ['webhook-deliveries', endpointId], queryFn: ({ signal }) => apiGet(path, webhookDeliveryList, { params, signal }) });
  const test = useMutation({ mutationFn: () => apiSend('POST', `/v1/webhook-endpoints/${encodeURIComponent(endpointId)}/test`, webhookDeliveryAnswer, { params }), onSettled: () => void deliveries.refetch() });
  const replay = useMutation({ mutationFn: (id: string) => apiSend('POST', `/v1/webhook-deliveries/${encodeURIComponent(id)}/replay`, webhookDeliveryAnswer, { params }), onSettled: () => void deliveries.refetch() });
  if (deliveries.isError) return <ErrorNotice title="Could not load the deliveries" message={errorMessage(deliveries.error)} onRetry={() => void deliveries.refetch()} />;
  return (
    <div className="stack" data-testid="webhook-deliveries">
      <div>
        <button type="button" className="button" onClick={() => test.mutate()} disabled={test.isPending}>Send test event</button>
      </div>
      {!deliveries.data ? (
        <p className="muted">Loading…</p>
      ) : deliveries.data.data.length === 0 ? (
        <p className="muted">No delivery yet.</p>
      ) : (
        <table className="data-table">
          <TableHead columns={['Event', 'Created', 'Status', 'Response', 'Duration', 'Attempts', ACTIONS_COLUMN]} scope={null} />
          <tbody>
            {deliveries.data.data.map((d) => {
              const last = d.log.at(-1);
              return (
                <tr key={d.id}>
                  <td><code>{d.eventType}</code></td>
                  <td>{when(d.createdAt)}</td>
                  <td><span className="badge">{d.status}</span>{d.status === 'pending' && d.nextAttemptAt ? ` next ${when(d.nextAttemptAt)}` : ''}</td>
                  <td title={last?.error ?? last?.response?.body ?? ''}>{last?.response ? last.response.status : (last?.error ?? '—')}</td>
                  <td>{last ? `${last.durationMs} ms` : '—'}</td>
                  <td>{d.attempts}</td>
                  <td className="actions">
                    <button type="button" className="button" onClick={() => replay.mutate(d.id)} disabled={replay.isPending}>Replay</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {(test.isError || replay.isError) && <p className="form-error" role="alert">{errorMessage(test.error ?? replay.error)}</p>}
    </div>
  );
}
