// "Send now": e-mails one report for the chosen period to me or to the addresses typed in, with
// the chosen attachments; then shows the queued delivery and follows its status (the delivery log
// is read again every few seconds while it is on its way).
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api-client.js';
import { ATTACHMENT_FORMATS, type AttachmentFormat } from '@read/reports/contract.js';
import { DeliveryBadge } from './delivery-badge.js';
import { recipientsShort } from './delivery-view.js';
import { FORMAT_LABELS } from './download.js';
import { useDeliveries, useReportMutations } from './reports-api.js';
import { badAddress, splitAddresses } from './schedule-form.js';

type Props = { workspaceId: string; reportKey: string; period: string; periodText: string; myEmail: string; locale?: string; onClose: () => void };

export function SendNow({ workspaceId, reportKey, period, periodText, myEmail, locale, onClose }: Props) {
  const { send } = useReportMutations(workspaceId);
  const [target, setTarget] = useState<'me' | 'others'>('me');
  const [addresses, setAddresses] = useState('');
  const [formats, setFormats] = useState<AttachmentFormat[]>(['pdf', 'xlsx']);
  const [problem, setProblem] = useState<string | null>(null);
  const queued = send.data?.delivery ?? null;
  // The delivery as the log shows it now (the answer to the send is only its first state).
  const log = useDeliveries(workspaceId, queued !== null, { limit: 20, report: reportKey });
  const current = (queued && log.data?.data.find((d) => d.id === queued.id)) ?? queued;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const to = target === 'me' ? [myEmail] : splitAddresses(addresses);
    if (to.length === 0) return setProblem('Type at least one address.');
    const bad = badAddress(to);
    if (bad) return setProblem(`“${bad}” is not an e-mail address.`);
    if (to.length > 50) return setProblem('At most 50 addresses.');
    setProblem(null);
    send.mutate({ reportKey, period, to, formats: ATTACHMENT_FORMATS.filter((f) => formats.includes(f)) });
  };

  return (
    <div className="send-now" data-testid="send-now">
      <form onSubmit={submit} className="send-now-form">
        <fieldset className="send-now-group">
          <legend>Send {periodText} to</legend>
          <label className="check">
            <input type="radio" name={`send-to-${reportKey}`} checked={target === 'me'} onChange={() => setTarget('me')} data-testid="send-to-me" />
            Me ({myEmail})
          </label>
          <label className="check">
            <input type="radio" name={`send-to-${reportKey}`} checked={target === 'others'} onChange={() => setTarget('others')} data-testid="send-to-others" />
            These addresses
          </label>
          {target === 'others' && (
            <input
              className="send-now-addresses"
              type="text"
              value={addresses}
              placeholder="ceo@example.com, board@example.com"
              aria-label="Addresses"
              onChange={(e) => setAddresses(e.target.value)}
              data-testid="send-addresses"
            />
          )}
        </fieldset>
        <fieldset className="send-now-group">
          <legend>Attach</legend>
          {ATTACHMENT_FORMATS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" checked={formats.includes(f)} onChange={(e) => setFormats(e.target.checked ? [...formats, f] : formats.filter((x) => x !== f))} data-testid={`send-format-${f}`} />
              {FORMAT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={send.isPending} data-testid="send-submit">
            {send.isPending ? 'Queuing…' : 'Send'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          {(problem ?? send.error) ? (
            <p className="form-error" role="alert" data-testid="send-error">
              {problem ?? errorMessage(send.error)}
            </p>
          ) : null}
        </div>
      </form>
      {current && (
        <div className="send-now-result" data-testid="send-result" data-delivery-id={current.id}>
          <span>
            Queued for {recipientsShort(current.recipients)} ({current.periodKey}):
          </span>
          <DeliveryBadge delivery={current} locale={locale} />
          {current.lastError && (
            <span className="delivery-error" data-testid="send-result-error">
              {current.lastError}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
