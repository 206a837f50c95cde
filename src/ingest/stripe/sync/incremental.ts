// Incremental sync: every event created since the source's cursor, from Stripe's Events API,
// into the raw event log (the same table webhooks write to, so an event that also came by webhook
// is stored once). Events are listed newest first, so the cursor only moves once every page is
// stored: an interrupted run repeats, it never skips.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { insertRawEvents, type RawEventInput } from '../../../store/raw-events-repo.js';
import { stripeEnvelope } from '../../envelope.js';
import { SUPPORTED_STRIPE_EVENT_TYPES } from '../event-types.js';
import type { StripeApi } from './stripe-api.js';
import type { StripeObject } from './synthetic.js';

/** Stripe keeps events for 30 days: a source never synced starts that far back. */
export const EVENTS_RETENTION_SECONDS = 30 * 86_400;
/** Events may appear in the list shortly after their `created`; each run looks back this far. */
export const CURSOR_OVERLAP_SECONDS = 300;

const SUPPORTED = new Set(SUPPORTED_STRIPE_EVENT_TYPES);

export type EventTarget = { workspaceId: string; sourceId: string };

/** The events of a page worth storing (types that move revenue or payments, valid envelopes). */
export function storableEvents(target: EventTarget, events: readonly StripeObject[]): RawEventInput[] {
  const out: RawEventInput[] = [];
  for (const raw of events) {
    const parsed = stripeEnvelope.safeParse(raw);
    if (!parsed.success || !SUPPORTED.has(parsed.data.type)) continue;
    const e = parsed.data;
    out.push({ workspaceId: target.workspaceId, sourceId: target.sourceId, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: raw });
  }
  return out;
}

export type IncrementalResult = { listed: number; stored: number; cursor: number };

export async function runIncrementalSync(options: {
  db: Kysely<Database>;
  api: StripeApi;
  target: EventTarget;
  cursor: number | null;
  now: () => Date;
  signal?: AbortSignal;
  pageSize?: number;
  onStored?: (count: number) => void;
}): Promise<IncrementalResult> {
  const nowSeconds = Math.floor(options.now().getTime() / 1000);
  const from = (options.cursor ?? nowSeconds - EVENTS_RETENTION_SECONDS) - CURSOR_OVERLAP_SECONDS;
  let newest = options.cursor ?? nowSeconds - EVENTS_RETENTION_SECONDS;
  let after: string | undefined;
  let listed = 0;
  let stored = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await options.api.list('events', {
      limit: options.pageSize ?? 100,
      created: { gte: from },
      ...(after ? { starting_after: after } : {}),
    });
    listed += page.data.length;
    const events = storableEvents(options.target, page.data);
    const inserted = (await insertRawEvents(options.db, events)).size;
    stored += inserted;
    if (inserted > 0) options.onStored?.(inserted);
    for (const e of page.data) if (typeof e.created === 'number' && e.created > newest) newest = e.created;
    after = page.data.at(-1)?.id;
    if (!page.hasMore || !after) break;
  }
  return { listed, stored, cursor: newest };
}
