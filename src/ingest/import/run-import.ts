// One import: check the whole file, then store its rows as raw events of an import source and let
// the same pipeline and ledger as webhooks apply them (docs/import.md).
//
// Steps: validate (pure, the whole file) → refuse when a line is bad (unless skipInvalid) →
// compare each row's event with what the source has stored (new, changed, unchanged) → store,
// in one transaction, the new events and the corrected ones (payload replaced, queued again,
// the snapshot they wrote removed) → apply them through the ingest worker. Each run is recorded
// in the import history. A dry run stops after the comparison and writes nothing.
import type { Store } from '../../store/db.js';
import { newId } from '../../store/ids.js';
import { finishImportRun, insertImportRun, type ImportRunCounts } from '../../store/imports-repo.js';
import { markLedgerPending } from '../../store/ledger-repo.js';
import { insertRawEvents, replaceRawEvents, storedPayloadField, type RawEventInput } from '../../store/raw-events-repo.js';
import { deleteSnapshotsOfEvents } from '../../store/records-repo.js';
import { findWorkspace } from '../../store/workspaces-repo.js';
import { createLogger } from '../../logger.js';
import { createIngestWorker } from '../pipeline.js';
import { createImportSource, findImportSource, ImportSourceError, importSourceName } from './import-source.js';
import { formatOfFileName, parseImportFile } from './parse.js';
import { IMPORT_EVENT_TYPE, importPayloads, type ImportRowPayload } from './stored-row.js';
import { namespaced } from './transform.js';
import type { ImportOptions, ImportSummary } from './types.js';

export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}

/** How many errors a summary lists, and how many rows it previews. */
export const SUMMARY_ERRORS = 200;
export const PREVIEW_ROWS = 20;
const STORE_CHUNK = 2000;

export async function runImport(store: Store, content: string, options: ImportOptions): Promise<ImportSummary> {
  const db = store.db;
  const progress = options.onProgress ?? (() => undefined);
  let sourceName: string;
  try {
    sourceName = importSourceName(options.sourceName);
  } catch (error) {
    throw new ImportInputError((error as Error).message);
  }
  if (!(await findWorkspace(db, options.workspaceId))) throw new ImportInputError(`no workspace with id ${options.workspaceId}`);
  const format = options.format ?? formatOfFileName(options.fileName);
  const dryRun = options.dryRun === true;
  const now = options.now ?? (() => new Date());

  progress({ phase: 'validating', done: 0, total: 0 });
  const parsed = parseImportFile(content, { format });
  progress({ phase: 'validating', done: parsed.lineCount, total: parsed.lineCount });
  const refused = parsed.errors.length > 0 && (options.skipInvalid !== true || parsed.rows.length === 0);

  let source;
  try {
    source = await findImportSource(db, options.workspaceId, sourceName);
  } catch (error) {
    if (error instanceof ImportSourceError) throw new ImportInputError(error.message);
    throw error;
  }
  // Only an import that writes creates its source: a dry run or a refused file leaves none behind.
  if (!source && !dryRun && !refused) source = await createImportSource(db, options.workspaceId, sourceName);
  const sourceId = source?.id ?? '';

  const summary: ImportSummary = {
    importId: newId('imp'),
    sourceId,
    format,
    dryRun,
    status: refused ? 'refused' : 'completed',
    rows: parsed.lineCount,
    valid: parsed.rows.length,
    invalid: parsed.lineCount - parsed.rows.length,
    errors: parsed.errors.slice(0, SUMMARY_ERRORS),
    errorCount: parsed.errors.length,
    eventsNew: 0,
    eventsChanged: 0,
    eventsUnchanged: 0,
    customers: new Set(parsed.rows.map((r) => r.customerId)).size,
    subscriptions: new Set(parsed.rows.map((r) => r.subscriptionId)).size,
    preview: parsed.rows.slice(0, PREVIEW_ROWS),
  };
  const counts = (): ImportRunCounts => ({ rows: summary.rows, valid: summary.valid, invalid: summary.invalid, eventsNew: summary.eventsNew, eventsChanged: summary.eventsChanged, errors: parsed.errors });
  const record = async (status: 'running' | 'completed' | 'refused') => {
    if (!source) return;
    await insertImportRun(db, { workspaceId: options.workspaceId, importId: summary.importId, sourceId, fileName: options.fileName, format, dryRun, createdBy: options.createdBy ?? null, status, finished: status !== 'running', ...counts() });
  };

  if (refused) {
    await record('refused');
    return summary;
  }

  const target = { workspaceId: options.workspaceId, sourceId };
  const events: RawEventInput[] = importPayloads(sourceId || 'dry-run', parsed.rows).map((payload) => ({
    ...target, eventId: payload.id, type: IMPORT_EVENT_TYPE, created: payload.import_row.effectiveAt, livemode: true, payload,
  }));
  const stored = source ? await storedPayloadField(db, target, events.map((e) => e.eventId), 'hash') : new Map<string, string | null>();
  const fresh = events.filter((e) => !stored.has(e.eventId));
  const changed = events.filter((e) => stored.has(e.eventId) && stored.get(e.eventId) !== (e.payload as ImportRowPayload).hash);
  summary.eventsNew = fresh.length;
  summary.eventsChanged = changed.length;
  summary.eventsUnchanged = events.length - fresh.length - changed.length;
  if (dryRun) {
    await record('completed');
    return summary;
  }

  await record('running');
  try {
    const total = fresh.length + changed.length;
    progress({ phase: 'storing', done: 0, total });
    summary.eventsNew = await db.transaction().execute(async (trx) => {
      let inserted = 0;
      for (let i = 0; i < fresh.length; i += STORE_CHUNK) {
        inserted += (await insertRawEvents(trx, fresh.slice(i, i + STORE_CHUNK))).size;
        progress({ phase: 'storing', done: Math.min(i + STORE_CHUNK, fresh.length), total });
      }
      if (changed.length > 0) {
        await replaceRawEvents(trx, changed);
        // The corrected events write their snapshots again; the old ones must not stay beside them.
        const owners = await deleteSnapshotsOfEvents(trx, options.workspaceId, changed.map((e) => {
          const { id, import_row: row } = e.payload as ImportRowPayload;
          return { subscriptionId: namespaced(sourceId, row.subscriptionId), effectiveAt: row.effectiveAt, eventId: id };
        }));
        await markLedgerPending(trx, options.workspaceId, owners);
      }
      progress({ phase: 'storing', done: total, total });
      return inserted;
    });
    if (options.apply !== 'queue' && total > 0) {
      progress({ phase: 'applying', done: 0, total });
      const worker = createIngestWorker({ store, logger: createLogger('silent'), now, batchSize: 2000, deferLedger: true, onBatch: (done) => progress({ phase: 'applying', done: Math.min(done, total), total }) });
      await worker.drain();
      progress({ phase: 'applying', done: total, total });
    }
  } catch (error) {
    summary.status = 'failed';
    summary.failure = `${(error as Error).name}: ${(error as Error).message}`;
    await finishImportRun(db, options.workspaceId, summary.importId, 'failed', { ...counts(), errors: [...parsed.errors.slice(0, SUMMARY_ERRORS - 1), { line: 0, column: null, message: summary.failure }] });
    return summary;
  }
  await finishImportRun(db, options.workspaceId, summary.importId, 'completed', counts());
  return summary;
}
