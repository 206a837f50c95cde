// The pure parts of POST /v1/import: the file's format, its bytes as UTF-8 text (the line of the
// first bad byte), and the preview's amounts moved from minor to major units.
import { describe, expect, it } from 'vitest';
import { importFormatOf } from '../../../src/api/routes/imports.js';
import { decodeUtf8File } from '../../../src/api/routes/import-body.js';
import { minorDecimalToMajorText, previewRowOf } from '../../../src/api/routes/import-answer.js';

describe('the format of an uploaded file', () => {
  it.each([
    [{ format: 'jsonl', contentType: 'text/csv' }, 'jsonl'],
    [{ contentType: 'text/csv; charset=utf-8' }, 'csv'],
    [{ contentType: 'application/x-ndjson' }, 'jsonl'],
    [{ contentType: 'application/jsonl' }, 'jsonl'],
    [{ contentType: 'application/json' }, 'jsonl'],
    [{ contentType: 'text/plain', fileName: 'subs.CSV' }, 'csv'],
    [{ contentType: 'application/octet-stream', fileName: 'subs.ndjson' }, 'jsonl'],
    [{ contentType: 'application/octet-stream', fileName: 'subs.jsonl' }, 'jsonl'],
    [{ contentType: 'text/plain', fileName: 'subs.txt' }, null],
    [{ contentType: 'text/plain' }, null],
  ] as const)('%j → %s', (input, expected) => expect(importFormatOf(input)).toBe(expected));
});

describe('a file as UTF-8', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
  it('decodes UTF-8, multi-byte characters and a BOM included', () => {
    expect(decodeUtf8File(bytes([0xef, 0xbb, 0xbf], 'a,b\nZoë,日本\n'))).toEqual({ ok: true, text: 'a,b\nZoë,日本\n' });
  });
  it.each([
    ['a Latin-1 byte on line 3', bytes('a,b\nx,y\nZo', [0xeb], '\n'), 3],
    ['a cut multi-byte character on line 1', bytes('ab', [0xe6, 0x97]), 1],
    ['an overlong encoding on the last line', bytes('a\n\nb', [0xc0, 0xaf]), 3],
  ])('refuses %s, naming the line', (_name, file, line) => expect(decodeUtf8File(file)).toEqual({ ok: false, line }));
});

describe('minor units as major-unit text', () => {
  it.each([
    ['4900', 2, '49.00'],
    ['4900.5', 2, '49.005'],
    ['5', 2, '0.05'],
    ['0', 2, '0.00'],
    ['-5', 2, '-0.05'],
    ['4900', 0, '4900'],
    ['4900.25', 0, '4900.25'],
    ['1234', 3, '1.234'],
    ['007', 2, '0.07'],
    ['123456789012345678901234', 2, '1234567890123456789012.34'],
  ])('%s with %i decimals → %s', (minor, exponent, major) => expect(minorDecimalToMajorText(minor, exponent)).toBe(major));
  it('refuses what is not a decimal', () => expect(() => minorDecimalToMajorText('1e3', 2)).toThrow(RangeError));
});

describe('a preview row', () => {
  it('carries money in major units of its currency and times in ISO 8601', () => {
    const row = previewRowOf({
      line: 2, customerId: 'c1', customerName: 'Acme', customerEmail: null, subscriptionId: 's1', effectiveAt: 1_711_929_600, status: 'active', plan: 'Pro',
      currency: 'jpy', unitAmountDecimal: '4900', interval: 'month', intervalCount: 1, quantity: 3, discountPercent: '12.5',
      payment: { invoiceId: 'in_1', paidAt: 1_711_933_200, paidAmount: 14700 }, metadata: {},
    });
    expect(row).toEqual({
      line: 2, customerId: 'c1', customerName: 'Acme', customerEmail: null, subscriptionId: 's1', effectiveAt: '2024-04-01T00:00:00.000Z', status: 'active', plan: 'Pro',
      currency: 'jpy', amount: '4900', interval: 'month', intervalCount: 1, quantity: 3, discountPercent: '12.5', paidAt: '2024-04-01T01:00:00.000Z', paidAmount: '14700',
    });
  });
});
