// A PayPal source added before its webhook existed: PayPal shows the webhook's id only once the
// webhook is created with this source's URL, and until the id is set every delivery is refused.
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { apiSend } from '../../lib/api-client.js';
import { ActionError } from '../../components/delete-button.js';
import { sourceCreated } from '@read/settings/contract.js';

export function PaypalWebhookIdForm({ sourceId, params, onSaved }: { sourceId: string; params: Record<string, string>; onSaved: () => void }) {
  const save = useMutation({
    mutationFn: (webhookId: string) => apiSend('PATCH', `/v1/sources/${encodeURIComponent(sourceId)}`, sourceCreated, { params, body: { webhookId } }),
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(String(new FormData(event.currentTarget).get('webhookId') ?? '').trim());
  };
  return (
    <form className="inline-form source-webhook-id" onSubmit={submit} data-testid="paypal-webhook-id-form">
      <p className="form-error" role="status">
        No webhook id yet: PayPal&apos;s deliveries are refused until it is set. In PayPal, add a webhook with this source's URL (above), then paste the id PayPal gives it here.
      </p>
      <label className="field">
        <span>Webhook id</span>
        <input name="webhookId" required maxLength={100} autoComplete="off" spellCheck={false} placeholder="e.g. 8PT597110X687430LKGECATA" />
      </label>
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        Save webhook id
      </button>
      <ActionError error={save.error} testId="paypal-webhook-id-error" />
    </form>
  );
}
