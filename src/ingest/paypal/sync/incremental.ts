// Incremental sync of a PayPal account (the heartbeat): the transactions since the source's
// cursor minus PayPal's data lag (a transaction can take up to three hours to be searchable), in
// windows of at most 31 days; their completed sales are stored, and every subscription they name
// is fetched again (with its plan), so a missed payment or subscription webhook is healed by the
// next beat. The cursor moves to the end of the searched range only once everything is stored:
// an interrupted run repeats, it never skips.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { insertRawEvents, type RawEventInput } from '../../../store/raw-events-repo.js';
import { MAX_TRANSACTION_PAGE_SIZE, type PaypalApi, type PaypalObject } from '../api.js';
import { HISTORY_SECONDS, readTransactions, subscriptionEvents, windowsBetween } from './backfill.js';
import type { EventTarget } from './events.js';

/** PayPal: "It takes a maximum of three hours for executed transactions to appear". */
export const TRANSACTION_LAG_SECONDS = 3 * 3600;

export type IncrementalResult = { listed: number; stored: number; cursor: number };

export async function runPaypalIncremental(options: {
  db: Kysely<Database>;
  api: PaypalApi;
  target: EventTarget;
  cursor: number | null;
  now: () => Date;
  signal?: AbortSignal;
  pageSize?: number;
  onStored?: (count: number) => void;
}): Promise<IncrementalResult> {
  const to = Math.floor(options.now().getTime() / 1000);
  // Never further back than the API answers (a source idle for years starts at its edge).
  const from = Math.max((options.cursor ?? to) - TRANSACTION_LAG_SECONDS, to - HISTORY_SECONDS + 3600);
  const pageSize = Math.min(MAX_TRANSACTION_PAGE_SIZE, options.pageSize ?? MAX_TRANSACTION_PAGE_SIZE);
  let listed = 0;
  let stored = 0;
  const store = async (events: RawEventInput[]) => {
    const inserted = (await insertRawEvents(options.db, events)).size;
    stored += inserted;
    if (inserted > 0) options.onStored?.(inserted);
  };
  const named = new Set<string>();
  for (const window of windowsBetween(from, to)) {
    for (let page = 1; ; page++) {
      options.signal?.throwIfAborted();
      const result = await options.api.searchTransactions({ startDate: new Date(window.start * 1000), endDate: new Date(window.end * 1000), page, pageSize });
      listed += result.transactions.length;
      const { sales, subscriptionIds } = readTransactions(options.target, result.transactions, 'heartbeat');
      await store(sales);
      for (const id of subscriptionIds) named.add(id);
      if (page >= result.totalPages || result.transactions.length === 0) break;
    }
  }
  const plans = new Map<string, Promise<PaypalObject | null>>();
  const ids = [...named].sort();
  for (let i = 0; i < ids.length; i += 25) {
    options.signal?.throwIfAborted();
    const { events } = await subscriptionEvents(options.api, options.target, ids.slice(i, i + 25), plans, to, 'heartbeat');
    await store(events);
  }
  return { listed, stored, cursor: to };
}
