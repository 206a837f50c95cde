// Pure shaping for the GDPR requests panel: status labels and badge tones, when to read the
// queue again, and a request's outcome in words.
import type { GdprKind, GdprRequestView, GdprStatus } from '@read/gdpr/contract.js';

export const KIND_LABELS: Record<GdprKind, string> = { export: 'Export', anonymise: 'Anonymise', delete: 'Delete' };

export const STATUS_LABELS: Record<GdprStatus, string> = { pending: 'Queued', processing: 'Processing', completed: 'Completed', failed: 'Failed' };

export const STATUS_TONES: Record<GdprStatus, 'neutral' | 'warning' | 'positive' | 'critical'> = {
  pending: 'neutral',
  processing: 'warning',
  completed: 'positive',
  failed: 'critical',
};

export const isMoving = (r: Pick<GdprRequestView, 'status'>) => r.status === 'pending' || r.status === 'processing';

/** Every 2 s while a request is queued or being processed, else not at all. */
export function refreshInterval(rows: readonly Pick<GdprRequestView, 'status'>[] | undefined): number | false {
  return rows?.some(isMoving) ? 2_000 : false;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const rowsText = (counts: Record<string, number>) => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total} ${total === 1 ? 'row' : 'rows'}`;
};

/** What came of a request, in a few words (failed: its error). */
export function outcomeText(r: GdprRequestView, locale?: string): string {
  if (r.status === 'failed') return r.error ?? 'Failed';
  if (r.status !== 'completed') return r.status === 'pending' ? 'Waiting to be processed…' : 'Being processed…';
  if (r.kind === 'export') {
    if (!r.download) return `${rowsText(r.counts)} exported; the file has expired`;
    const until = new Date(r.download.expiresAt).toLocaleDateString(locale, { dateStyle: 'medium' });
    return `${rowsText(r.counts)}, ${formatBytes(r.download.bytes)} · kept until ${until}`;
  }
  const did = r.kind === 'delete' ? 'Deleted' : 'Anonymised';
  return `${did} (${rowsText(r.counts)} changed)${r.pseudonym ? ` · now “${r.pseudonym}”` : ''}`;
}
