// The tracking API's request path, as named steps: parse (parse.ts) → normalise (normalise.ts) →
// derive ids (derive-ids.ts) → store. Store is one INSERT … ON CONFLICT DO NOTHING for the whole
// request: nothing else happens before the answer (the roll-up job folds the messages later),
// and a replayed message stores nothing and is still a success.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { insertSignalEvents, type SignalEventRow } from '../../store/signals-repo.js';
import { deriveIds, type IdentifiedSignal } from './derive-ids.js';
import { normaliseSignal } from './normalise.js';
import { parseSignalBody, type ParseIssue, type SignalRoute } from './parse.js';

export type Prepared = { ok: true; signals: IdentifiedSignal[] } | { ok: false; issues: ParseIssue[] };

/** Parse, normalise and derive ids: the pure part of a request. */
export function prepareSignals(route: SignalRoute, text: string, receivedAt: Date): Prepared {
  const parsed = parseSignalBody(route, text);
  if (!parsed.ok) return parsed;
  return { ok: true, signals: deriveIds(parsed.messages.map((m) => normaliseSignal(m, parsed.envelope, receivedAt))) };
}

export function signalRows(workspaceId: string, signals: readonly IdentifiedSignal[]): SignalEventRow[] {
  return signals.map((s) => ({
    workspaceId, messageId: s.messageId, type: s.type, event: s.event, userId: s.userId, anonymousId: s.anonymousId,
    groupId: s.groupId, occurredAt: s.occurredAt, receivedAt: s.receivedAt, payload: s.payload,
  }));
}

export type Accepted = { ok: true; received: number; stored: number } | { ok: false; issues: ParseIssue[] };

/** The whole request path: stores the request's messages for the workspace, or says what is wrong
 *  (then nothing is stored: a batch is accepted whole or not at all). */
export async function acceptSignals(db: Kysely<Database>, input: { workspaceId: string; route: SignalRoute; text: string; receivedAt: Date }): Promise<Accepted> {
  const prepared = prepareSignals(input.route, input.text, input.receivedAt);
  if (!prepared.ok) return prepared;
  const stored = await insertSignalEvents(db, signalRows(input.workspaceId, prepared.signals));
  return { ok: true, received: prepared.signals.length, stored };
}
