// A stored GDPR request as the API and the command line show it (src/read/gdpr/contract.ts), and
// the queue's page cursor.
import type { StoredGdprRequest } from '../../store/gdpr-requests-repo.js';
import type { GdprRequestView } from './contract.js';

function countsOf(result: Record<string, unknown>): Record<string, number> {
  const counts = result.counts;
  if (typeof counts !== 'object' || counts === null) return {};
  return Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => Number.isSafeInteger(e[1]) && (e[1] as number) >= 0));
}

export function gdprRequestViewOf(r: StoredGdprRequest, now: Date): GdprRequestView {
  const kept = r.kind === 'export' && r.status === 'completed' && r.artifactBytes !== null && r.artifactExpiresAt !== null && r.artifactExpiresAt > now;
  return {
    requestId: r.id,
    kind: r.kind,
    customerId: r.customerId,
    status: r.status,
    requestedBy: { type: r.requestedBy.type, label: r.requestedBy.label },
    requestedAt: r.requestedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    error: r.error,
    pseudonym: r.pseudonym,
    counts: countsOf(r.result),
    download: kept ? { bytes: r.artifactBytes!, expiresAt: r.artifactExpiresAt!.toISOString() } : null,
  };
}

export function encodeGdprCursor(r: StoredGdprRequest): string {
  return Buffer.from(`${r.requestedAt.toISOString()}|${r.id}`).toString('base64url');
}

/** The position a cursor names; null when it is not one of ours. */
export function decodeGdprCursor(cursor: string): { requestedAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const requestedAt = new Date(at ?? '');
  return id && !Number.isNaN(requestedAt.getTime()) ? { requestedAt, id } : null;
}
