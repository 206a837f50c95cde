import { describe, expect, it } from 'vitest';
import { checkSummaryText, historyStatusText, importAction, importedText, importErrorText, instantText, moreErrorsText, periodText, uploadTypeOf } from './import-shaping.js';

describe('a line error', () => {
  it.each([
    [{ line: 4, column: 'effective_at', message: 'not a date: "2024-13-01"' }, 'line 4, column effective_at: not a date: "2024-13-01"'],
    [{ line: 12_034, column: null, message: 'not a JSON object' }, 'line 12,034: not a JSON object'],
  ])('%j → %s', (error, text) => expect(importErrorText(error)).toBe(text));
});

describe('the errors not listed', () => {
  const errors = (lines: number[]) => lines.map((line) => ({ line, column: 'amount', message: 'x' }));
  it.each([
    ['every bad line listed', { errors: errors([2, 3]), invalid: 2 }, 3, null],
    ['two errors on one line, both listed', { errors: errors([2, 2]), invalid: 1 }, 3, null],
    ['the server listed 3 of 5 bad lines', { errors: errors([2, 3, 4]), invalid: 5 }, 3, '…and 2 more bad lines not listed.'],
    ['the screen lists 2 of 3 errors on 3 lines', { errors: errors([2, 3, 4]), invalid: 3 }, 2, '…and 1 more bad line not listed.'],
    ['the screen lists 2 of 3 errors on 2 lines', { errors: errors([2, 3, 3]), invalid: 2 }, 2, '…and 1 more error not listed.'],
  ])('%s', (_name, result, listed, text) => expect(moreErrorsText(result, listed)).toBe(text));
});

describe('the import button', () => {
  it.each([
    [{ valid: 3, invalid: 0 }, false, { label: 'Import 3 rows', blockedBy: null }],
    [{ valid: 1, invalid: 0 }, false, { label: 'Import 1 row', blockedBy: null }],
    [{ valid: 3, invalid: 1 }, false, { label: 'Import 3 rows', blockedBy: 'Fix the 1 bad line first, or tick "Skip bad lines".' }],
    [{ valid: 3, invalid: 2 }, true, { label: 'Import 3 rows', blockedBy: null }],
    [{ valid: 0, invalid: 2 }, true, { label: 'Import 0 rows', blockedBy: 'The file has no valid row to import.' }],
  ])('%j, skipping bad lines %s → %j', (result, skip, action) => expect(importAction(result, skip)).toEqual(action));
});

describe('what a check and an import say', () => {
  it('counts rows, errors, customers and subscriptions', () => {
    expect(checkSummaryText({ rows: 1500, valid: 1499, invalid: 1, customers: 1200, subscriptions: 1300 })).toBe('1,500 rows: 1,499 valid, 1 with errors · 1,200 customers, 1,300 subscriptions.');
    expect(checkSummaryText({ rows: 1, valid: 0, invalid: 1, customers: 0, subscriptions: 0 })).toBe('1 row: 0 valid, 1 with errors.');
  });
  it('says what an import changed, or that it changed nothing', () => {
    expect(importedText({ valid: 3, invalid: 0, eventsNew: 3, eventsChanged: 0, eventsUnchanged: 0 })).toBe('Imported 3 rows: 3 new, 0 changed, 0 unchanged. The figures update in a few seconds.');
    expect(importedText({ valid: 2, invalid: 1, eventsNew: 0, eventsChanged: 0, eventsUnchanged: 2 })).toBe('Imported 2 rows (1 bad line skipped): nothing changed: the file was imported before. The figures update in a few seconds.');
  });
  it.each([
    [{ status: 'completed', dryRun: false }, 'Imported'],
    [{ status: 'refused', dryRun: false }, 'Refused'],
    [{ status: 'failed', dryRun: false }, 'Failed'],
    [{ status: 'refused', dryRun: true }, 'Checked'],
  ] as const)('history %j → %s', (run, text) => expect(historyStatusText(run)).toBe(text));
});

describe('how a chosen file is sent', () => {
  it.each([
    ['subs.csv', 'csv', 'text/csv'],
    ['export.JSONL', 'jsonl', 'application/x-ndjson'],
    ['export.ndjson', 'jsonl', 'application/x-ndjson'],
    ['export.txt', 'csv', 'text/csv'],
  ])('%s → %s', (name, format, contentType) => expect(uploadTypeOf(name)).toEqual({ format, contentType }));
});

describe('a preview row in words', () => {
  it.each([
    ['2024-01-10T00:00:00.000Z', '2024-01-10'],
    ['2024-01-10T09:30:00+02:00', '2024-01-10 07:30 UTC'],
  ])('instant %s → %s', (iso, text) => expect(instantText(iso)).toBe(text));
  it.each([
    ['month', 1, 'month'],
    ['month', 3, '3 months'],
    ['year', 2, '2 years'],
  ])('period %s × %i → %s', (interval, count, text) => expect(periodText(interval, count)).toBe(text));
});
