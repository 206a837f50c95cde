// How Settings → Sources words a subscription import (its shape: src/read/imports/contract.ts): a
// line's error, the errors not listed, whether the file may be imported and the button saying how
// many rows, the history's status, and the content type a chosen file is sent as.
import type { ImportLineErrorView, ImportResult, ImportRunView } from '@read/imports/contract.js';

/** The errors the screen lists; the rest are counted. */
export const ERRORS_LISTED = 200;

const n = (count: number) => count.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

/** "line 4, column effective_at: …" (a problem of the whole line names no column). */
export function importErrorText(error: ImportLineErrorView): string {
  return `line ${n(error.line)}${error.column ? `, column ${error.column}` : ''}: ${error.message}`;
}

/** What is said below the listed errors: the bad lines beyond them, or nothing. */
export function moreErrorsText(result: Pick<ImportResult, 'errors' | 'invalid'>, listed = ERRORS_LISTED): string | null {
  const shown = result.errors.slice(0, listed);
  const linesShown = new Set(shown.map((e) => e.line)).size;
  const moreErrors = result.errors.length - shown.length;
  const moreLines = result.invalid - linesShown;
  if (moreLines > 0) return `…and ${plural(moreLines, 'more bad line')} not listed.`;
  if (moreErrors > 0) return `…and ${plural(moreErrors, 'more error')} not listed.`;
  return null;
}

/** The import button's words (the valid rows are what it writes), and why it is disabled (null: it is not). */
export function importAction(result: Pick<ImportResult, 'valid' | 'invalid'>, skipInvalid: boolean): { label: string; blockedBy: string | null } {
  const label = `Import ${plural(result.valid, 'row')}`;
  if (result.invalid > 0 && !skipInvalid) return { label, blockedBy: `Fix the ${plural(result.invalid, 'bad line')} first, or tick "Skip bad lines".` };
  if (result.valid === 0) return { label, blockedBy: 'The file has no valid row to import.' };
  return { label, blockedBy: null };
}

/** The counts line above the preview. */
export function checkSummaryText(result: Pick<ImportResult, 'rows' | 'valid' | 'invalid' | 'customers' | 'subscriptions'>): string {
  const parts = [`${plural(result.rows, 'row')}: ${n(result.valid)} valid, ${n(result.invalid)} with errors`];
  if (result.valid > 0) parts.push(`${plural(result.customers, 'customer')}, ${plural(result.subscriptions, 'subscription')}`);
  return `${parts.join(' · ')}.`;
}

/** What a finished import did. */
export function importedText(result: Pick<ImportResult, 'valid' | 'invalid' | 'eventsNew' | 'eventsChanged' | 'eventsUnchanged'>): string {
  const skipped = result.invalid > 0 ? ` (${plural(result.invalid, 'bad line')} skipped)` : '';
  const changes = result.eventsNew + result.eventsChanged === 0 ? 'nothing changed: the file was imported before' : `${n(result.eventsNew)} new, ${n(result.eventsChanged)} changed, ${n(result.eventsUnchanged)} unchanged`;
  return `Imported ${plural(result.valid, 'row')}${skipped}: ${changes}. The figures update in a few seconds.`;
}

const STATUS: Record<ImportRunView['status'], string> = { running: 'Running', completed: 'Imported', refused: 'Refused', failed: 'Failed' };

/** A history row's status: a dry run is a check, whatever it found. */
export function historyStatusText(run: Pick<ImportRunView, 'status' | 'dryRun'>): string {
  if (run.dryRun) return 'Checked';
  return STATUS[run.status];
}

/** How a chosen file is sent: JSON lines by its extension, CSV otherwise. */
export function uploadTypeOf(fileName: string): { format: 'csv' | 'jsonl'; contentType: string } {
  return /\.(jsonl|ndjson)$/i.test(fileName) ? { format: 'jsonl', contentType: 'application/x-ndjson' } : { format: 'csv', contentType: 'text/csv' };
}

/** A row's instant as written in files: the UTC day, with the time when it is not midnight. */
export function instantText(iso: string): string {
  const at = new Date(iso).toISOString();
  return at.endsWith('T00:00:00.000Z') ? at.slice(0, 10) : `${at.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A billing period: "month", "3 months". */
export function periodText(interval: string, count: number): string {
  return count === 1 ? interval : `${n(count)} ${interval}s`;
}
