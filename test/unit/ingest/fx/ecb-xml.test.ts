import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FxFileError, parseEcbXml } from '../../../../src/ingest/fx/ecb-xml.js';
import type { EurQuote } from '../../../../src/ingest/fx/quotes.js';

const DIR = fileURLToPath(new URL('../../../fixtures/ecb/', import.meta.url));
const fixture = (name: string) => readFileSync(`${DIR}${name}`, 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseEcbXml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FxFileError);
    return (error as FxFileError).problems;
  }
  throw new Error('expected parseEcbXml to throw');
}

const rateOf = (quotes: EurQuote[], day: string, currency: string) => quotes.find((q) => q.day === day && q.currency === currency)?.rate;

describe('parseEcbXml on the ECB files', () => {
  it('reads eurofxref-daily.xml (single quotes, tabs, trailing zeros kept)', () => {
    const quotes = parseEcbXml(fixture('eurofxref-daily.xml'));
    expect(quotes).toHaveLength(30);
    expect(new Set(quotes.map((q) => q.day))).toEqual(new Set(['2024-06-28']));
    expect(rateOf(quotes, '2024-06-28', 'usd')).toBe('1.0705');
    expect(rateOf(quotes, '2024-06-28', 'huf')).toBe('395.10');
    expect(rateOf(quotes, '2024-06-28', 'idr')).toBe('17487.21');
    expect(quotes.every((q) => /^[a-z]{3}$/.test(q.currency))).toBe(true);
  });

  it('reads eurofxref-hist-90d.xml (one line per day, double quotes), oldest day first', () => {
    const quotes = parseEcbXml(fixture('eurofxref-hist-90d.xml'));
    expect(quotes).toHaveLength(4 * 32);
    expect([...new Set(quotes.map((q) => q.day))]).toEqual(['2020-12-07', '2020-12-08', '2020-12-09', '2020-12-10']);
    expect(rateOf(quotes, '2020-12-10', 'usd')).toBe('1.2115');
    expect(rateOf(quotes, '2020-12-09', 'gbp')).toBe('0.9');
    expect(rateOf(quotes, '2020-12-09', 'idr')).toBe('17078');
    expect(rateOf(quotes, '2020-12-07', 'rub')).toBe('89.79');
    expect(quotes[0]).toEqual({ day: '2020-12-07', currency: 'aud', rate: '1.6374' });
  });

  it('accepts either quote, attributes in any order, whitespace and newlines anywhere, prefixes and comments', () => {
    const text = `\uFEFF<?xml version="1.0"?>
      <Envelope><!-- <Cube currency="XXX" rate="9"/> -->
        <ecb:Cube >
          <Cube
             time = "2024-01-02" >
            <Cube rate='1.0956'   currency="USD" />
            <Cube
              currency = 'JPY'
              rate = "155.76"
            />
            <Cube currency="GBP" rate="0.86518"></Cube>
          </Cube>
          <Cube time='2024-01-03'><Cube currency='USD' rate='1.0919'/></Cube>
        </ecb:Cube>
      </Envelope>
      <!-- Cache: 3 January 2024 -->`;
    expect(parseEcbXml(text)).toEqual([
      { day: '2024-01-02', currency: 'gbp', rate: '0.86518' },
      { day: '2024-01-02', currency: 'jpy', rate: '155.76' },
      { day: '2024-01-02', currency: 'usd', rate: '1.0956' },
      { day: '2024-01-03', currency: 'usd', rate: '1.0919' },
    ]);
  });

  it('keeps one copy of a rate listed twice with the same value', () => {
    const text = `<Cube><Cube time="2024-01-02"><Cube currency="USD" rate="1.09"/><Cube currency="USD" rate="1.0900"/></Cube></Cube>`;
    expect(parseEcbXml(text)).toEqual([{ day: '2024-01-02', currency: 'usd', rate: '1.09' }]);
  });
});

describe('parseEcbXml errors', () => {
  it('rejects an empty document', () => {
    expect(problemsOf('')).toEqual(['the document is empty']);
    expect(problemsOf('  \n ')).toEqual(['the document is empty']);
  });

  it('names an HTML page for what it is', () => {
    const html = '<!DOCTYPE html>\n<html><head><title>Service\n Unavailable</title></head><body>Maintenance</body></html>';
    expect(problemsOf(html)).toEqual(['not ECB reference rates: it is an HTML page ("Service Unavailable")']);
    expect(() => parseEcbXml(html)).toThrow('ECB XML: not ECB reference rates: it is an HTML page');
  });

  it('rejects XML without rates', () => {
    expect(problemsOf('<?xml version="1.0"?><feed><entry/></feed>')).toEqual(['not ECB reference rates: no <Cube currency=… rate=…> elements']);
    expect(problemsOf("<Cube><Cube time='2026-10-02'></Cube></Cube>")).toEqual(['no exchange rates in the document']);
  });

  it('names every bad rate, currency and day with its line', () => {
    const text = [
      '<Cube>', //                                                   1
      '<Cube time="2024-06-28">', //                                  2
      '<Cube currency="USD" rate="abc"/>', //                         3
      '<Cube currency="JPY" rate="0"/>', //                           4
      '<Cube currency="GBP" rate="-0.84"/>', //                       5
      '<Cube currency="GBP" rate="1e3"/>', //                         6
      '<Cube currency="US" rate="1.07"/>', //                         7
      '<Cube currency="CHF"/>', //                                    8
      '<Cube rate="1.5"/>', //                                        9
      '<Cube currency="CAD" rate="1.467"/><Cube currency="CAD" rate="1.468"/>', // 10
      '</Cube>', //                                                  11
      '<Cube time="2024-02-30"><Cube currency="USD" rate="1.08"/></Cube>', // 12
      '</Cube>', //                                                  13
      '<Cube currency="SEK" rate="11.3"/>', //                       14
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'line 3: rate "abc" for USD on 2024-06-28 is not a positive decimal',
      'line 4: rate "0" for JPY on 2024-06-28 is not a positive decimal',
      'line 5: rate "-0.84" for GBP on 2024-06-28 is not a positive decimal',
      'line 6: rate "1e3" for GBP on 2024-06-28 is not a positive decimal',
      'line 7: currency "US" is not a 3-letter code',
      'line 8: CHF has no rate',
      'line 9: a rate "1.5" without a currency',
      'line 10: CAD on 2024-06-28 is 1.468 here but 1.467 at line 10',
      'line 12: time "2024-02-30" is not a calendar date (YYYY-MM-DD)',
      'line 14: the rate for SEK is not inside a <Cube time="YYYY-MM-DD">',
    ]);
  });

  it('says how many problems there were when it lists only the first 50', () => {
    const cubes = Array.from({ length: 60 }, (_, i) => `<Cube currency="C${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}" rate="x"/>`);
    try {
      parseEcbXml(`<Cube><Cube time="2024-01-02">\n${cubes.join('\n')}\n</Cube></Cube>`);
      expect.unreachable();
    } catch (error) {
      const fxError = error as FxFileError;
      expect(fxError.problems).toHaveLength(50);
      expect(fxError.problemCount).toBe(60);
      expect(fxError.message).toMatch(/^ECB XML: 60 problems \(the first 50 listed\):\n {2}line 2: rate "x" for CAA on 2024-01-02/);
    }
  });
});
