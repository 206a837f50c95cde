// The CSV imports of tickets and survey responses (POST /v1/imports/… and `revpulse import …`):
// parse the whole file first (a bad line stores nothing), then write or, on a dry run, count.
import type { Kysely } from 'kysely';
import type { ImportResponse } from '../../read/support/contract.js';
import type { Database } from '../../store/schema.js';
import { parseSurveyCsv, parseTicketCsv } from './csv-file.js';
import { writeSurveyResponses, writeTickets } from './write.js';

export type ImportKind = ImportResponse['kind'];
export const IMPORT_KINDS: readonly ImportKind[] = ['tickets', 'survey-responses'];

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function span(instants: readonly Date[]): { from: string | null; to: string | null } {
  if (instants.length === 0) return { from: null, to: null };
  let min = instants[0]!, max = instants[0]!;
  for (const t of instants) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { from: dayOf(min), to: dayOf(max) };
}

/** Imports a ticket or survey-response CSV; throws SupportFileError (nothing stored) on a bad file. */
export async function importSupportCsv(db: Kysely<Database>, workspaceId: string, kind: ImportKind, text: string, options: { dryRun: boolean; now: Date }): Promise<ImportResponse> {
  const write = { source: 'csv' as const, dryRun: options.dryRun, now: options.now };
  if (kind === 'tickets') {
    const records = parseTicketCsv(text).map((r) => r.record);
    const counts = await writeTickets(db, workspaceId, records, write);
    return { dryRun: options.dryRun, kind, ...counts, ...span(records.map((r) => r.openedAt)) };
  }
  const records = parseSurveyCsv(text).map((r) => r.record);
  const counts = await writeSurveyResponses(db, workspaceId, records, write);
  return { dryRun: options.dryRun, kind, ...counts, ...span(records.map((r) => r.respondedAt)) };
}
