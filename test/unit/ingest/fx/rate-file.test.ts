import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FxFileError } from '../../../../src/ingest/fx/quotes.js';
import { parseRateFile, type DirectRate } from '../../../../src/ingest/fx/rate-file.js';
import type { EurQuote } from '../../../../src/ingest/fx/quotes.js';

const DIR = fileURLToPath(new URL('../../../fixtures/ecb/', import.meta.url));
const fixture = (name: string) => readFileSync(`${DIR}${name}`, 'utf8');

function quotesOf(text: string): EurQuote[] {
  const result = parseRateFile(text, {});
  if (!('quotes' in result)) throw new Error('expected EUR quotes');
  return result.quotes;
}

function ratesOf(text: string): DirectRate[] {
  const result = parseRateFile(text, {});
  if (!('rates' in result)) throw new Error('expected direct rates');
  return result.rates;
}

function failure(text: string, fileName?: string): FxFileError {
  try {
    parseRateFile(text, { fileName });
  } catch (error) {
    expect(error).toBeInstanceOf(FxFileError);
    return error as FxFileError;
  }
  throw new Error('expected parseRateFile to throw');
}

const rateOf = (quotes: EurQuote[], day: string, currency: string) => quotes.find((q) => q.day === day && q.currency === currency)?.rate;

describe('the ECB history CSV (eurofxref-hist.csv)', () => {
  it('reads every rate, skipping N/A, with the trailing empty column', () => {
    const quotes = quotesOf(fixture('eurofxref-hist.csv'));
    // 41 currency columns, 11 of them N/A on these days (CYP EEK LTL LVL MTL ROL SIT SKK HRK RUB TRL) → 30 a day.
    expect(quotes).toHaveLength(6 * 30);
    expect([...new Set(quotes.map((q) => q.day))]).toEqual(['2024-09-19', '2024-09-20', '2024-09-23', '2024-09-24', '2024-09-25', '2024-09-26']);
    expect(rateOf(quotes, '2024-09-26', 'usd')).toBe('1.1155');
    expect(rateOf(quotes, '2024-09-19', 'zar')).toBe('19.4454');
    expect(rateOf(quotes, '2024-09-24', 'gbp')).toBe('0.8322');
    expect(rateOf(quotes, '2024-09-26', 'hrk')).toBeUndefined();
    expect(rateOf(quotes, '2024-09-26', 'cyp')).toBeUndefined();
  });

  it('accepts a BOM, CRLF, blank lines, no trailing comma and empty cells', () => {
    const text = '\uFEFFDate,USD,JPY,HRK\r\n2023-01-03,1.0545,140.14,N/A\r\n\r\n2022-12-30,1.0666,140.66,7.5365\r\n2022-12-29,1.0649,,7.5355\r\n';
    expect(quotesOf(text)).toEqual([
      { day: '2022-12-29', currency: 'hrk', rate: '7.5355' },
      { day: '2022-12-29', currency: 'usd', rate: '1.0649' },
      { day: '2022-12-30', currency: 'hrk', rate: '7.5365' },
      { day: '2022-12-30', currency: 'jpy', rate: '140.66' },
      { day: '2022-12-30', currency: 'usd', rate: '1.0666' },
      { day: '2023-01-03', currency: 'jpy', rate: '140.14' },
      { day: '2023-01-03', currency: 'usd', rate: '1.0545' },
    ]);
  });

  it("also reads the ECB's one-day CSV (eurofxref.csv: spaces after commas, long dates)", () => {
    const text = 'Date, USD, JPY, BGN, CZK, \n03 June 2021, 1.2187, 133.81, 1.9558, 25.448, \n';
    expect(quotesOf(text)).toEqual([
      { day: '2021-06-03', currency: 'bgn', rate: '1.9558' },
      { day: '2021-06-03', currency: 'czk', rate: '25.448' },
      { day: '2021-06-03', currency: 'jpy', rate: '133.81' },
      { day: '2021-06-03', currency: 'usd', rate: '1.2187' },
    ]);
  });
});

describe('the plain date,currency,rate_to_<base> CSV', () => {
  it('reads direct rates into the base named by the header', () => {
    expect(ratesOf(fixture('rates-to-usd.csv'))).toEqual([
      { day: '2024-09-19', currency: 'eur', rate: '1.1156', quote: 'usd' },
      { day: '2024-09-19', currency: 'gbp', rate: '1.3288', quote: 'usd' },
      { day: '2024-09-19', currency: 'jpy', rate: '0.006993', quote: 'usd' },
      { day: '2024-09-20', currency: 'eur', rate: '1.1166', quote: 'usd' },
      { day: '2024-09-20', currency: 'gbp', rate: '1.3307', quote: 'usd' },
      { day: '2024-09-20', currency: 'jpy', rate: '0.006932', quote: 'usd' },
    ]);
  });

  it('takes the header in any case, a BOM, CRLF, quoted cells and a repeated identical row', () => {
    const text = '\uFEFFDate,Currency,RATE_TO_EUR\r\n"2024-01-02","USD","0.9127"\r\n2024-01-02,usd,0.91270\r\n2024-01-02,EUR,1\r\n';
    expect(ratesOf(text)).toEqual([
      { day: '2024-01-02', currency: 'eur', rate: '1', quote: 'eur' },
      { day: '2024-01-02', currency: 'usd', rate: '0.9127', quote: 'eur' },
    ]);
  });
});

describe('rate file errors', () => {
  it('rejects an empty file', () => {
    for (const text of ['', '\uFEFF', '\r\n\r\n  \n']) {
      const error = failure(text, 'rates.csv');
      expect(error.problems).toEqual(['the file is empty']);
      expect(error.message).toBe('rates.csv: the file is empty');
    }
  });

  it('rejects a header of neither layout, and a header without rows', () => {
    expect(failure('day,currency,rate\n2024-01-02,usd,1\n').problems).toEqual([
      'line 1: the header must be Date,USD,JPY,… (ECB) or date,currency,rate_to_<currency> (found "day,currency,rate")',
    ]);
    expect(failure('date,currency,rate_to_dollars\n').problems[0]).toMatch(/^line 1: the header must be/);
    expect(failure('date,currency,rate_to_usd\n').problems).toEqual(['line 1: the file has a header but no rows']);
    expect(failure('Date,USD,JPY,\n2024-01-02,N/A,N/A,\n').problems).toEqual(['the file has no rates (every value is N/A or empty)']);
  });

  it('names bad ECB columns in the header', () => {
    expect(failure('Date,USD,US,,JPY,USD\n2024-01-02,1,1,1,1,1\n').problems).toEqual([
      'line 1: column 3 "US" is not a 3-letter currency code',
      'line 1: column 4 "" is not a 3-letter currency code',
      'line 1: USD is both column 2 and column 6',
    ]);
  });

  it('lists every problem of an ECB CSV with its line number', () => {
    const text = [
      'Date,USD,JPY,GBP,', //                          1
      '2024-06-28,1.0705,171.94,0.84638,', //          2
      '2024-06-27,abc,171.10,0.8463,', //              3
      '2024-02-30,1.07,171,0.85,', //                  4
      '28/06/2024,1.07,171,0.85,', //                  5
      '2024-06-26,1.0702', //                          6
      '2024-06-25,1.0703,170.9,0.8443,9,', //          7
      '2024-06-28,1.0706,171.94,0,', //                8
    ].join('\n');
    expect(failure(text).problems).toEqual([
      'line 3: rate "abc" for USD is not a positive decimal',
      'line 4: date "2024-02-30" is not a calendar date (YYYY-MM-DD)',
      'line 5: date "28/06/2024" is not a calendar date (YYYY-MM-DD)',
      'line 6: expected 3 values after the date (one per currency column), found 1',
      'line 7: expected 3 values after the date (one per currency column), found 4',
      'line 8: USD on 2024-06-28 is 1.0706 here but 1.0705 at line 2',
      'line 8: rate "0" for GBP is not a positive decimal',
    ]);
  });

  it('lists every problem of a plain CSV with its line number', () => {
    const text = [
      'date,currency,rate_to_usd', //      1
      '2024-01-02,eur,1.0956', //          2
      '2024-01-02,US,1', //                3
      '2024-13-01,gbp,1.27', //            4
      '2024-01-02,gbp', //                 5
      '2024-01-02,jpy,abc', //             6
      '2024-01-02,eur,1.0957', //          7
      '2024-01-02,usd,1.01', //            8
      '2024-01-02,chf,-1.1', //            9
      '02.01.2024,XX,', //                10
    ].join('\r\n');
    expect(failure(text).problems).toEqual([
      'line 3: currency "US" is not a 3-letter code',
      'line 4: date "2024-13-01" is not a calendar date (YYYY-MM-DD)',
      'line 5: expected 3 values (date,currency,rate_to_usd), found 2',
      'line 6: rate "abc" is not a positive decimal',
      'line 7: EUR on 2024-01-02 is 1.0957 here but 1.0956 at line 2',
      'line 8: the rate from USD into itself must be 1, not 1.01',
      'line 9: rate "-1.1" is not a positive decimal',
      'line 10: expected 3 values (date,currency,rate_to_usd), found 2',
    ]);
  });

  it('lists the first 50 problems and counts them all', () => {
    const rows = Array.from({ length: 75 }, (_, i) => `2024-01-02,c${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))},x`);
    const error = failure(['date,currency,rate_to_usd', ...rows].join('\n'), 'big.csv');
    expect(error.problems).toHaveLength(50);
    expect(error.problemCount).toBe(75);
    expect(error.problems[0]).toBe('line 2: rate "x" is not a positive decimal');
    expect(error.problems[49]).toBe('line 51: rate "x" is not a positive decimal');
    expect(error.message).toMatch(/^big\.csv: 75 problems \(the first 50 listed\):\n {2}line 2: /);
  });
});
