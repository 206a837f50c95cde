// Tells open dashboards what changed. Two ways in, one set of rules:
//   announce — called by the pipeline inside the transaction that changes the data (the records
//     of a batch, a customer's recomputed ledger): the notes become allow-listed messages
//     (messages.ts), plus mrr_updated when the headline totals differ from the last ones this
//     instance sent, stored and NOTIFY'd in that same transaction under the workspace's feed
//     lock. A message then exists exactly when its change committed, in commit order.
//   afterBatch — after each batch: publishes notes left in the live outbox (written when no
//     announcer was given, or left by a crash) and the totals of workspaces touched without an
//     announcement, each in one transaction that takes the notes out as it stores the messages.
import type { Transaction } from 'kysely';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { findWorkspace, type Workspace } from '../store/workspaces-repo.js';
import { deleteOutbox, takeOutbox, workspacesWithOutbox, type OutboxNote } from '../store/live-outbox-repo.js';
import { lockLiveFeed } from '../store/live-repo.js';
import { enqueueOutgoing } from '../store/outgoing-webhooks-repo.js';
import { asOf } from '../read/clock.js';
import { headlineAt } from '../read/summary/load.js';
import type { Announce } from '../engine/recompute.js';
import type { LiveBus } from './bus.js';
import { liveMessage, messagesForNote, type OutgoingMessage } from './messages.js';

const NOTES_PER_TRANSACTION = 500;

/** The pipeline's afterBatch (src/ingest/pipeline.ts AfterBatch), told here by its shape so the
 *  live layer does not import the ingest layer that calls it. */
export type UpdatePublisher = ((workspaceIds: ReadonlySet<string>) => Promise<void>) & { announce: Announce };

export function createUpdatePublisher(store: Store, bus: LiveBus, logger: Logger, now: () => Date): UpdatePublisher {
  const lastTotals = new Map<string, string>();
  const announced = new Set<string>();

  const messagesOf = (notes: readonly OutboxNote[]): OutgoingMessage[] =>
    notes.flatMap((note) => {
      try {
        return messagesForNote(note.kind, note.data);
      } catch (error) {
        logger.warn({ err: error, kind: note.kind }, 'dropping a live note that does not fit its message');
        return [];
      }
    });

  /** mrr_updated, when the totals differ from the last this instance sent. */
  const totalsMessage = async (trx: Transaction<Database>, workspace: Workspace): Promise<OutgoingMessage[]> => {
    try {
      const headline = await headlineAt(trx, workspace, asOf(now()).day);
      const key = JSON.stringify(headline);
      if (lastTotals.get(workspace.id) === key) return [];
      lastTotals.set(workspace.id, key);
      return [liveMessage('mrr_updated', headline)];
    } catch (error) {
      logger.warn({ err: error, workspaceId: workspace.id }, 'could not compute the live totals');
      return [];
    }
  };

  const announce: Announce = async (trx, workspace, notes, options) => {
    await lockLiveFeed(trx, workspace.id);
    const messages = messagesOf(notes);
    if (options.totals) {
      messages.push(...(await totalsMessage(trx, workspace)));
      announced.add(workspace.id);
    }
    await bus.publishIn(trx, workspace.id, messages);
    await enqueueOutgoing(trx, workspace.id, messages, now()); // outgoing webhooks mirror exactly these messages
  };

  const publishWorkspace = async (workspaceId: string): Promise<void> => {
    const workspace = await findWorkspace(store.db, workspaceId);
    if (!workspace) return;
    for (;;) {
      const more = await store.db.transaction().execute(async (trx) => {
        await lockLiveFeed(trx, workspaceId);
        const notes = await takeOutbox(trx, workspaceId, NOTES_PER_TRANSACTION);
        const messages = [...messagesOf(notes), ...(await totalsMessage(trx, workspace))];
        await bus.publishIn(trx, workspaceId, messages);
        await enqueueOutgoing(trx, workspaceId, messages, now());
        await deleteOutbox(trx, workspaceId, notes.map((n) => n.id));
        return notes.length === NOTES_PER_TRANSACTION;
      });
      if (!more) return;
    }
  };

  const afterBatch = async (workspaceIds: ReadonlySet<string>): Promise<void> => {
    const unannounced = [...workspaceIds].filter((id) => !announced.has(id));
    announced.clear();
    // Also any notes left behind by a crash, or by an instance that stopped before publishing.
    const targets = new Set([...unannounced, ...(await workspacesWithOutbox(store.db))]);
    for (const workspaceId of targets) {
      try {
        await publishWorkspace(workspaceId);
      } catch (error) {
        logger.warn({ err: error, workspaceId }, 'could not publish live updates');
      }
    }
  };

  return Object.assign(afterBatch, { announce });
}
