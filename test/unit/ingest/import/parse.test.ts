import { describe, expect, it } from 'vitest';
import { formatOfFileName, parseImportFile } from '../../../../src/ingest/import/parse.js';
import { quoteNumbers } from '../../../../src/ingest/import/jsonl-reader.js';
import type { ImportLineError } from '../../../../src/ingest/import/types.js';

const HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,discount_percent,invoice_id,paid_at,paid_amount';
const GOOD = 'cus_1,Ada,ada@example.com,sub_1,2024-03-01T10:00:00Z,active,Pro,USD,49.00,month,1,2,,,,';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';
const t = (iso: string) => Date.parse(iso) / 1000;

/** The errors of a file whose only data line is `line` (line 2), with one column changed. */
function errorsWith(column: string, value: string): ImportLineError[] {
  const names = HEADER.split(',');
  const cells = GOOD.split(',');
  cells[names.indexOf(column)] = value;
  return parseImportFile(csv(cells.join(','))).errors;
}

describe('parseImportFile: a good CSV row', () => {
  it('reads every column, normalised: money in minor units, lower-case codes, UTC seconds', () => {
    const parsed = parseImportFile(csv(GOOD));
    expect(parsed.errors).toEqual([]);
    expect(parsed.format).toBe('csv');
    expect(parsed.lineCount).toBe(1);
    expect(parsed.columns).toEqual(HEADER.split(','));
    expect(parsed.rows).toEqual([{
      line: 2, customerId: 'cus_1', customerName: 'Ada', customerEmail: 'ada@example.com', subscriptionId: 'sub_1',
      effectiveAt: t('2024-03-01T10:00:00Z'), status: 'active', plan: 'Pro', currency: 'usd', unitAmountDecimal: '4900',
      interval: 'month', intervalCount: 1, quantity: 2, discountPercent: null, payment: null, metadata: {},
    }]);
  });

  it('needs only the required columns; defaults interval_count and quantity to 1', () => {
    const parsed = parseImportFile('Customer_ID , subscription_id,EFFECTIVE_AT,status,currency,amount,interval\nc,s,2024-01-01,trialing,eur,10,year\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ customerId: 'c', effectiveAt: t('2024-01-01T00:00:00Z'), intervalCount: 1, quantity: 1, currency: 'eur', unitAmountDecimal: '1000', customerName: null, plan: null });
  });

  it('keeps extra columns as metadata (text, empty cells left out)', () => {
    const parsed = parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval,Region,Sales Rep\nc,s,2024-01-01,active,usd,1,month,EU,\n');
    expect(parsed.rows[0]!.metadata).toEqual({ region: 'EU' });
    expect(parsed.columns).toContain('sales rep');
  });
});

describe('parseImportFile: CSV syntax (RFC 4180)', () => {
  it('reads quotes, embedded commas, doubled quotes and newlines; numbers lines by where a record starts', () => {
    const text = `${HEADER}\r\n"cus_1","Acme, ""the"" company",,sub_1,2024-03-01,active,"Pro\nannual",usd,49,month,,,,,,\r\ncus_2,B,,sub_2,2024-03-02,active,,usd,5,month,,,,,,\r\n`;
    const parsed = parseImportFile(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.customerName, r.plan])).toEqual([[2, 'Acme, "the" company', 'Pro\nannual'], [4, 'B', null]]);
  });

  it('drops a UTF-8 BOM and skips blank lines (their numbers still count)', () => {
    const parsed = parseImportFile(`\uFEFF${HEADER}\n\n${GOOD}\n\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]!.line).toBe(3);
  });

  it('reports an unclosed quote and text after a closing quote with their lines', () => {
    expect(parseImportFile(csv(GOOD, '"cus_2,B')).errors).toEqual([{ line: 3, column: null, message: 'a quoted cell is not closed (a " is missing)' }]);
    expect(parseImportFile(csv('"cus_1"x,Ada,,sub_1,2024-03-01,active,,usd,1,month,,,,,,')).errors[0]).toMatchObject({ line: 2, column: null, message: expect.stringMatching(/text after a closing quote/) });
  });

  it('refuses more values than columns, a missing required column, a column given twice, an empty file', () => {
    expect(parseImportFile(csv(`${GOOD},extra`)).errors).toEqual([{ line: 2, column: null, message: '17 values but the header has 16 columns' }]);
    expect(parseImportFile('customer_id,effective_at,status\nc,2024-01-01,active\n').errors).toEqual([{ line: 1, column: 'subscription_id', message: 'the column is missing from the header' }]);
    expect(parseImportFile(`${HEADER},Plan\n`).errors).toEqual([{ line: 1, column: 'plan', message: 'the column is given twice (column 17; names are case-insensitive)' }]);
    expect(parseImportFile('').errors).toEqual([{ line: 1, column: null, message: 'the file is empty (a header line is required)' }]);
  });
});

describe('parseImportFile: each column\'s errors name the line and the column', () => {
  it.each([
    ['customer_id', '', 'is required'],
    ['subscription_id', '', 'is required'],
    ['subscription_id', 'x'.repeat(256), 'must be at most 255 characters with no control characters'],
    ['effective_at', '', 'is required'],
    ['effective_at', '2024-02-30', /is not an ISO 8601 date/],
    ['effective_at', '01/03/2024', /is not an ISO 8601 date/],
    ['effective_at', '1969-12-31', /before 1970/],
    ['status', 'expired', 'must be one of active, trialing, past_due, paused, canceled (found "expired")'],
    ['customer_email', 'not-an-email', '"not-an-email" is not an e-mail address'],
    ['currency', 'dollars', /not a three-letter currency code/],
    ['currency', 'XYZ', '"XYZ" is not an ISO 4217 currency code'],
    ['currency', '', 'is required'],
    ['amount', '', /is required/],
    ['amount', '49.005', '"49.005" has more decimal places than USD has (2)'],
    ['amount', '"1,000.00"', /not an amount/],
    ['amount', '$49', /not an amount/],
    ['amount', '-5', /not an amount/],
    ['amount', '4.9e1', /not an amount/],
    ['interval', 'fortnight', 'must be one of day, week, month, year (found "fortnight")'],
    ['interval_count', '0', 'must be a whole number from 1 to 365 (found "0")'],
    ['interval_count', '1.5', /whole number/],
    ['quantity', '-1', /whole number from 0/],
    ['quantity', '10000000000000', /whole number from 0 to 1000000000000/],
    ['discount_percent', '101', '"101" is more than 100'],
    ['discount_percent', 'half', /not a percentage/],
    ['paid_at', '2024-03-01T10:00:00Z', 'is required with paid_at'],
  ])('%s = %j', (column, value, message) => {
    const errors = errorsWith(column, value);
    expect(errors).toHaveLength(1);
    const expectedColumn = column === 'paid_at' ? 'invoice_id' : column;
    expect(errors[0]).toMatchObject({ line: 2, column: expectedColumn });
    if (typeof message === 'string') expect(errors[0]!.message).toBe(message);
    else expect(errors[0]!.message).toMatch(message);
  });

  it('lists every error of every line, in line order, and keeps the good rows', () => {
    const parsed = parseImportFile(csv(GOOD.replace('sub_1', 'sub_9'), 'cus_2,,,sub_2,yesterday,sleeping,,usd,1,month,,,,,,', GOOD));
    expect(parsed.errors.map((e) => [e.line, e.column])).toEqual([[3, 'effective_at'], [3, 'status']]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('refuses a monthly amount beyond the bounds (quantity × amount)', () => {
    const errors = errorsWith('quantity', '1000000000000');
    expect(errors[0]).toMatchObject({ column: 'amount', message: expect.stringMatching(/out of range/) });
  });
});

describe('parseImportFile: amounts by currency', () => {
  const amount = (currency: string, value: string) => parseImportFile(`customer_id,subscription_id,effective_at,status,currency,amount,interval\nc,s,2024-01-01,active,${currency},${value},month\n`);
  it.each([
    ['usd', '49', '4900'],
    ['usd', '49.5', '4950'],
    ['usd', '49.000', '4900'],
    ['jpy', '4900', '4900'],
    ['kwd', '1.250', '1250'],
    ['kwd', '0.005', '5'],
    ['usd', '0', '0'],
  ])('%s %s → %s minor units', (currency, value, minor) => {
    const parsed = amount(currency, value);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]!.unitAmountDecimal).toBe(minor);
  });
  it.each([['jpy', '4900.5', 'JPY has (0)'], ['kwd', '1.2505', 'KWD has (3)']])('%s %s is refused', (currency, value, says) => {
    expect(amount(currency, value).errors[0]!.message).toContain(says);
  });
});

describe('parseImportFile: effective_at', () => {
  const at = (value: string) => parseImportFile(`customer_id,subscription_id,effective_at,status,currency,amount,interval\nc,s,${value},active,usd,1,month\n`).rows[0]?.effectiveAt;
  it.each([
    ['2024-03-01', '2024-03-01T00:00:00Z'],
    ['2024-03-01T10:15:00Z', '2024-03-01T10:15:00Z'],
    ['2024-03-01T10:15:00', '2024-03-01T10:15:00Z'],
    ['2024-03-01 10:15', '2024-03-01T10:15:00Z'],
    ['2024-03-01T10:15:00+02:00', '2024-03-01T08:15:00Z'],
    ['2024-03-01T10:15:00-0530', '2024-03-01T15:45:00Z'],
    ['2024-03-01T10:15:00.750Z', '2024-03-01T10:15:00Z'],
  ])('%s is %s', (value, iso) => expect(at(value)).toBe(t(iso)));
});

describe('parseImportFile: payments and discounts', () => {
  it('reads a payment (paid_at defaults to effective_at) and a recurring percent discount', () => {
    const parsed = parseImportFile(csv('cus_1,,,sub_1,2024-03-01,active,,usd,100,month,,,12.50,in_1,,90.00', 'cus_1,,,sub_1,2024-04-01,active,,usd,100,month,,,0,in_2,2024-04-02T08:00:00Z,87.5'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.discountPercent, r.payment])).toEqual([
      ['12.5', { invoiceId: 'in_1', paidAt: t('2024-03-01T00:00:00Z'), paidAmount: 9000 }],
      [null, { invoiceId: 'in_2', paidAt: t('2024-04-02T08:00:00Z'), paidAmount: 8750 }],
    ]);
  });

  it('needs paid_amount with an invoice, and an invoice with paid_amount', () => {
    expect(errorsWith('invoice_id', 'in_1')).toEqual([{ line: 2, column: 'paid_amount', message: 'is required with invoice_id' }]);
    expect(errorsWith('paid_amount', '5')).toEqual([{ line: 2, column: 'invoice_id', message: 'is required with paid_amount' }]);
  });
});

describe('parseImportFile: canceled rows and consistency across lines', () => {
  it('lets a canceled row leave its price out, but not half of it', () => {
    const ok = parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval\nc,s,2024-01-01,canceled,usd,,\n');
    expect(ok.errors).toEqual([]);
    expect(ok.rows[0]).toMatchObject({ status: 'canceled', unitAmountDecimal: '0', plan: null });
    const half = parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval\nc,s,2024-01-01,Cancelled,usd,5,\n');
    expect(half.errors).toEqual([{ line: 2, column: 'interval', message: 'is required with an amount' }]);
  });

  it('refuses a second row for the same subscription and moment, a subscription changing customer, an invoice paid twice', () => {
    const parsed = parseImportFile(csv(
      GOOD,
      GOOD.replace('49.00', '59.00'),
      GOOD.replace('cus_1', 'cus_2').replace('2024-03-01T10:00:00Z', '2024-04-01'),
      'cus_3,,,sub_3,2024-03-01,active,,usd,1,month,,,,in_1,,1',
      'cus_3,,,sub_3,2024-04-01,active,,usd,1,month,,,,in_1,,1',
    ));
    expect(parsed.errors).toEqual([
      { line: 3, column: 'effective_at', message: 'subscription sub_1 at 2024-03-01T10:00:00Z is also on line 2' },
      { line: 4, column: 'customer_id', message: 'subscription sub_1 belongs to customer cus_1 on line 2' },
      { line: 6, column: 'invoice_id', message: 'invoice in_1 is also on line 5' },
    ]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 5]);
  });
});

describe('parseImportFile: JSON lines', () => {
  it('reads one object per line, keys case-insensitive, numbers exactly as written', () => {
    const text = [
      '{"customer_id": "c1", "Subscription_ID": "s1", "effective_at": "2024-03-01", "status": "active", "currency": "USD", "amount": 19.90, "interval": "month", "quantity": 3, "seats_note": {"a": 1.10}}',
      '',
      '{"customer_id": 42, "subscription_id": "s2", "effective_at": "2024-03-01", "status": "active", "currency": "KWD", "amount": "0.125", "interval": "year", "discount_percent": 12.50, "customer_name": null}',
    ].join('\n');
    const parsed = parseImportFile(text, { fileName: 'subs.jsonl' });
    expect(parsed.format).toBe('jsonl');
    expect(parsed.errors).toEqual([]);
    expect(parsed.lineCount).toBe(2);
    expect(parsed.rows.map((r) => [r.line, r.customerId, r.unitAmountDecimal, r.quantity, r.discountPercent, r.metadata])).toEqual([
      [1, 'c1', '1990', 3, null, { seats_note: '{"a":"1.10"}' }],
      [3, '42', '125', 1, '12.5', {}],
    ]);
  });

  it('reads a number as the text it was written as: an exponent is not an amount, trailing zeros stay exact', () => {
    const row = (amount: string) => `{"customer_id":"c","subscription_id":"s${amount}","effective_at":"2024-01-01","status":"active","currency":"usd","amount":${amount},"interval":"year"}`;
    const parsed = parseImportFile([row('1e2'), row('19.90'), row('0.1')].join('\n'), { format: 'jsonl' });
    expect(parsed.errors).toEqual([{ line: 1, column: 'amount', message: expect.stringMatching(/^"1e2" is not an amount/) }]);
    expect(parsed.rows.map((r) => r.unitAmountDecimal)).toEqual(['1990', '10']);
  });

  it('names the line of bad JSON, a non-object, a repeated key, and a nested value in a documented column', () => {
    const parsed = parseImportFile(['{"customer_id": ', '[1, 2]', '{"customer_id": "a", "CUSTOMER_ID": "b"}', '{"customer_id": {"id": "c"}, "subscription_id": "s", "effective_at": "2024-01-01", "status": "active", "currency": "usd", "amount": 1, "interval": true}'].join('\n'), { format: 'jsonl' });
    expect(parsed.errors.map((e) => [e.line, e.column])).toEqual([[1, null], [2, null], [3, null], [4, 'customer_id'], [4, 'interval']]);
    expect(parsed.errors[0]!.message).toMatch(/^not valid JSON/);
    expect(parsed.errors[1]!.message).toMatch(/one JSON object/);
    expect(parsed.errors[2]!.message).toMatch(/given twice/);
    expect(parsed.errors[3]!.message).toMatch(/must be text or a number/);
  });

  it('quotes number tokens outside strings only', () => {
    expect(quoteNumbers('{"a": -1.50, "b": "x 2 \\" 3", "c": [1e3]}')).toBe('{"a": "\\u0000-1.50", "b": "x 2 \\" 3", "c": ["\\u00001e3"]}');
  });
});

describe('formatOfFileName', () => {
  it.each([['a.csv', 'csv'], ['a.JSONL', 'jsonl'], ['a.ndjson', 'jsonl'], ['a.json', 'jsonl'], ['a.txt', 'csv'], [null, 'csv']] as const)('%s → %s', (name, format) => {
    expect(formatOfFileName(name)).toBe(format);
  });
});
