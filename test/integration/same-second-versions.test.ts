// Versions of one object stamped with the same second must resolve to the one further along its
// lifecycle, whatever order they are delivered in (provider event ids carry no order).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

type Json = Record<string, unknown>;
const paid = JSON.parse(readFileSync(new URL('../fixtures/stripe/invoice.paid.legacy-proration.json', import.meta.url), 'utf8')) as Json & { data: { object: Json } };

function invoiceEvent(id: string, type: string, status: string, created: number): Json {
  const object = { ...paid.data.object, status, paid: status === 'paid', amount_paid: status === 'paid' ? paid.data.object.amount_paid : 0 };
  return { ...paid, id, type, created, data: { object } };
}

describe.each(BACKENDS)('same-second versions (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  it.each([
    ['delivered in lifecycle order', ['evt_1', 'evt_2', 'evt_3']],
    ['delivered in reverse', ['evt_3', 'evt_2', 'evt_1']],
    ['delivered one at a time in reverse', ['evt_3', 'evt_2', 'evt_1']],
  ])('an invoice created, finalized and paid within one second ends paid (%s)', async (label, order) => {
    const workspace = await ensureWorkspace(db.store.db, { slug: label.replace(/\W/g, ''), name: label });
    const source = await createSource(db.store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'file', name: 'f' });
    const t = 1_717_000_000;
    // Ids chosen so that sorting by id would pick the draft.
    const events: Record<string, Json> = {
      evt_1: invoiceEvent('evt_zzz_created', 'invoice.created', 'draft', t),
      evt_2: invoiceEvent('evt_mmm_finalized', 'invoice.finalized', 'open', t),
      evt_3: invoiceEvent('evt_aaa_paid', 'invoice.paid', 'paid', t),
    };
    const worker = createIngestWorker({ store: db.store, logger: createLogger('silent') });
    const rows = order.map((key) => {
      const e = events[key]!;
      return { workspaceId: workspace.id, sourceId: source.id, eventId: String(e.id), type: String(e.type), created: t, livemode: false, payload: e };
    });
    if (label.includes('one at a time')) {
      for (const row of rows) {
        await storeEvents(db.store, [row]);
        await worker.drain();
      }
    } else {
      await storeEvents(db.store, rows);
      await worker.drain();
    }
    const invoice = await db.store.db.selectFrom('invoices').select(['status', 'amount_paid']).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();
    expect(invoice.status).toBe('paid');
    expect(invoice.amount_paid).toBe(paid.data.object.amount_paid);
  });
});
