// The delivery log's words and rules: status labels and tones, which rows are still moving (the
// log refreshes while any is), which may be resent, and sizes and render times for people.
import type { ReportDelivery } from '@read/reports/contract.js';

export type DeliveryStatus = ReportDelivery['status'];

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Queued',
  rendering: 'Rendering',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** The badge class of each status. */
export const STATUS_TONES: Record<DeliveryStatus, 'positive' | 'warning' | 'critical' | 'neutral'> = {
  pending: 'neutral',
  rendering: 'neutral',
  sending: 'neutral',
  sent: 'positive',
  failed: 'critical',
  interrupted: 'warning',
};

const MOVING: ReadonlySet<DeliveryStatus> = new Set(['pending', 'rendering', 'sending']);

/** Still on its way: the scheduler will move it on by itself. */
export const isMoving = (d: Pick<ReportDelivery, 'status'>) => MOVING.has(d.status);

/** A person may resend what failed or was interrupted (it may or may not have arrived). */
export const mayResend = (d: Pick<ReportDelivery, 'status'>) => d.status === 'failed' || d.status === 'interrupted';

/** How often the log is read again while a row is moving (ms), or false. */
export function refreshInterval(rows: readonly Pick<ReportDelivery, 'status'>[] | undefined): number | false {
  return rows?.some(isMoving) ? 2_000 : false;
}

export function formatBytes(bytes: number | null, locale?: string): string {
  if (bytes === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${units[unit]}`;
}

export function formatDuration(ms: number | null, locale?: string): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms.toLocaleString(locale)} ms`;
  return `${(ms / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} s`;
}

/** A delivery's recipients, the first two and a count ("ceo@x.com, cfo@x.com +3"). */
export function recipientsShort(recipients: readonly string[]): string {
  if (recipients.length <= 2) return recipients.join(', ');
  return `${recipients.slice(0, 2).join(', ')} +${recipients.length - 2}`;
}

/** What the status means, with the next attempt when it will retry. */
export function statusDetail(d: Pick<ReportDelivery, 'status' | 'nextAttemptAt' | 'attempts' | 'sentAt'>, locale?: string): string | null {
  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (d.status === 'pending' && d.attempts > 0 && d.nextAttemptAt) return `retrying at ${time(d.nextAttemptAt)}`;
  if (d.status === 'sent' && d.sentAt) return `at ${time(d.sentAt)}`;
  return null;
}
