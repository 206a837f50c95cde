// The pipeline's transform step, shared by the worker (processEvents) and the bulk reprocessing
// of a workspace (reprocess.ts): a stored event in, its records or a typed drop reason out.
import type { EventOutcome, PendingEvent } from '../store/raw-events-repo.js';
import type { SourcedRecords } from '../store/records-repo.js';
import type { SourceProvider } from '../store/schema.js';
import { transformFor } from './transform-for.js';

export type Transformed = { event: PendingEvent; outcome: EventOutcome; records: SourcedRecords | null };

export type SourceMode = 'test' | 'live' | 'any';

/** Each source's mode and provider, as the transform step reads them. A file may mix test and
 *  live events, and PayPal's events do not say (a PayPal source's webhook id is of one
 *  environment): only Stripe connections are held to one mode. */
export function sourceSettings(sources: readonly { source_id: string; mode: 'test' | 'live'; provider: SourceProvider }[]) {
  return {
    modes: new Map(sources.map((s): [string, SourceMode] => [s.source_id, s.provider === 'stripe' ? s.mode : 'any'])),
    providers: new Map(sources.map((s) => [s.source_id, s.provider])),
  };
}

export function stepTransform(event: PendingEvent, sourceModes: ReadonlyMap<string, SourceMode>, providers: ReadonlyMap<string, SourceProvider>): Transformed {
  const base = { workspaceId: event.workspaceId, sourceId: event.sourceId, eventId: event.eventId };
  // A removed source's stored events (a rebuild) are still read by their own provider's transform.
  const result = transformFor(providers.get(event.sourceId) ?? providerOfEvent(event))(event.payload);
  if (!result.ok) return { event, outcome: { ...base, dropReason: result.drop, dropDetail: result.detail }, records: null };
  const mode = sourceModes.get(event.sourceId);
  if (mode && mode !== 'any' && (mode === 'live') !== result.event.livemode) {
    const detail = `${result.event.livemode ? 'live' : 'test'}-mode event on a ${mode}-mode source`;
    return { event, outcome: { ...base, dropReason: 'mode_mismatch', dropDetail: detail }, records: null };
  }
  return {
    event,
    outcome: { ...base, dropReason: null, dropDetail: null },
    records: { ...base, version: result.event.created, records: result.records },
  };
}

/** The provider of an event whose source row is gone, told by the shape of its payload. */
function providerOfEvent(event: PendingEvent): SourceProvider {
  const payload = event.payload as { event_type?: unknown; object?: unknown; import_row?: unknown } | null;
  if (payload && typeof payload.event_type === 'string') return 'paypal';
  if (payload && payload.import_row !== undefined) return 'import';
  return 'stripe';
}

/** Marks events none of whose records could be written (newer versions stored) as stale. */
export function markStale(transformed: readonly Transformed[], staleEventIds: ReadonlySet<string>): void {
  for (const t of transformed) {
    if (staleEventIds.has(t.event.eventId) && t.outcome.dropReason === null) {
      t.outcome.dropReason = 'stale';
      t.outcome.dropDetail = 'a newer version of every object in this event is already stored';
    }
  }
}
