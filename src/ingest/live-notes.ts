// What an ingested batch tells open dashboards directly, before any ledger work: payments that
// succeeded or failed. Written to the live outbox in the transaction that stores the records
// (pipeline.ts), so a payment is announced exactly when it is stored, and never twice: a
// redelivered event is refused before it gets here, and only the charge.succeeded and
// charge.failed events announce (a later charge.updated of the same payment does not), and only
// charges created since the start of yesterday (a backfill's history is not news).
import type { OutboxNote } from '../store/live-outbox-repo.js';
import type { NormalizedRecords } from '../core/records.js';

export type AppliedEvent = { workspaceId: string; eventId: string; type: string; records: NormalizedRecords };

const ANNOUNCED: Readonly<Record<string, 'succeeded' | 'failed'>> = { 'charge.succeeded': 'succeeded', 'charge.failed': 'failed' };

export function paymentNotes(events: readonly AppliedEvent[], now: Date): Map<string, OutboxNote[]> {
  const since = Math.floor(Date.parse(now.toISOString().slice(0, 10)) / 1000) - 86_400;
  const byWorkspace = new Map<string, OutboxNote[]>();
  for (const event of events) {
    const status = ANNOUNCED[event.type];
    if (!status) continue;
    for (const p of event.records.payments ?? []) {
      if (p.status !== status || p.created < since) continue;
      const note: OutboxNote = {
        kind: 'payment',
        data: {
          paymentId: p.id, customerId: p.customerId, invoiceId: p.invoiceId, status: p.status, amount: p.amount, currency: p.currency,
          failureCode: p.failureCode, declineCode: p.declineCode, created: p.created, eventId: event.eventId,
        },
      };
      const list = byWorkspace.get(event.workspaceId);
      if (list) list.push(note);
      else byWorkspace.set(event.workspaceId, [note]);
    }
  }
  return byWorkspace;
}
