// Settings → Sources → Add a PayPal account: the REST app's client id and secret and the webhook's
// id go in once (the secret never comes back out); the answer gives the webhook URL to set in PayPal.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { sourceCreated } from '@read/settings/contract.js';
import { CopyField } from './copy-field.js';
import { webhookUrlFor, type SourceView } from './source-schemas.js';

export type NewPaypalSource = { provider: 'paypal'; name: string; clientId: string; clientSecret: string; webhookId?: string; sandbox: boolean };

export function PaypalSourceForm({ params, onAdded }: { params: Record<string, string>; onAdded: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const [added, setAdded] = useState<SourceView | null>(null);
  const add = useMutation({
    mutationFn: (body: NewPaypalSource) => apiSend('POST', '/v1/sources', sourceCreated, { params, body }),
    // The form keeps what was typed when PayPal's details are refused, so they can be corrected.
    onSuccess: (answer) => (setAdded(answer.source), form.current?.reset(), onAdded()),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const text = (name: string) => String(fields.get(name) ?? '').trim();
    add.mutate({ provider: 'paypal', name: text('name'), clientId: text('clientId'), clientSecret: text('clientSecret'), ...(text('webhookId') ? { webhookId: text('webhookId') } : {}), sandbox: fields.get('sandbox') === 'on' });
  };

  return (
    <section className="panel" data-testid="paypal-source-panel">
      <h2 className="panel-title">Add a PayPal account</h2>
      <ol className="steps muted source-steps">
        <li>
          In the PayPal developer dashboard, <strong>Apps &amp; Credentials</strong>: open your REST app (Live, or Sandbox to try it out) and copy its client id and
          secret. Revpulse reads subscriptions, plans and transactions with them.
        </li>
        <li>
          Add the account here (the webhook id can wait). Then, in the same app, <strong>Webhooks → Add webhook</strong> with the URL shown here for the{' '}
          <code>BILLING.SUBSCRIPTION.*</code>, <code>BILLING.PLAN.*</code> and <code>PAYMENT.SALE.*</code> events, and paste the id PayPal gives it into the source below.
        </li>
      </ol>
      <form ref={form} className="inline-form" onSubmit={submit} data-testid="paypal-source-form">
        <label className="field">
          <span>Name</span>
          <input name="name" required maxLength={100} placeholder="e.g. PayPal (EU)" />
        </label>
        <label className="field">
          <span>Client id</span>
          <input name="clientId" required maxLength={200} autoComplete="off" spellCheck={false} />
        </label>
        <label className="field">
          <span>Client secret</span>
          <input name="clientSecret" type="password" required maxLength={300} autoComplete="off" />
        </label>
        <label className="field">
          <span>Webhook id (optional)</span>
          <input name="webhookId" maxLength={100} autoComplete="off" spellCheck={false} placeholder="e.g. 8PT597110X687430LKGECATA" />
        </label>
        <label className="check source-check">
          <input type="checkbox" name="sandbox" />
          Sandbox
        </label>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          Add PayPal account
        </button>
      </form>
      {add.isError && (
        <p className="form-error" role="alert" data-testid="paypal-source-error">
          {errorMessage(add.error)}
        </p>
      )}
      {added && (
        <CopyField
          label={`Added ${added.name}. Set this URL as the PayPal webhook's URL:`}
          value={webhookUrlFor(added.webhookUrl, window.location.origin)}
          testId="new-paypal-webhook-url"
        />
      )}
    </section>
  );
}
