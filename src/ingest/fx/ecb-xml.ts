// The ECB's euro foreign exchange reference rates in XML: eurofxref-daily.xml (the latest day),
// eurofxref-hist-90d.xml (about the last 90 days) and eurofxref-hist.xml (every day since
// 1999-01-04), all under https://www.ecb.europa.eu/stats/eurofxref/. Pure: text in, quotes out.
//
// The three files share one layout, a gesmes envelope around nested Cube elements, one
// <Cube time> per working day (newest first) holding one <Cube currency rate/> per currency:
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
//   	<gesmes:subject>Reference rates</gesmes:subject>
//   	<gesmes:Sender>
//   		<gesmes:name>European Central Bank</gesmes:name>
//   	</gesmes:Sender>
//   	<Cube>
//   		<Cube time='2024-06-28'>
//   			<Cube currency='USD' rate='1.0705'/>
//   			<Cube currency='JPY' rate='171.94'/>
//   			…
//   		</Cube>
//   	</Cube>
//   </gesmes:Envelope>
//
// Observed differences between the files (copies of real downloads in public repositories, e.g.
// jakubczubak/CurrencyConverter eurofxref-daily.xml of 2022-09-07, daturaman/fx_rates and
// nmhieudut/GoGoGo eurofxref-hist-90d.xml, TaunoLainevool/currency-calculator eurofxref-hist.xml):
// the daily file is indented with tabs, uses SINGLE quotes and keeps trailing zeros
// (rate='143.20'); the 90-day and full-history files put the whole envelope on the first line,
// then one line per day, use DOUBLE quotes and drop trailing zeros (rate="119.3", rate="137"):
//
//   <?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope …><gesmes:subject>Reference rates</gesmes:subject>…<Cube><Cube time="2017-03-03"><Cube currency="USD" rate="1.0565"/>…</Cube>
//   <Cube time="2017-03-02"><Cube currency="USD" rate="1.0514"/>…</Cube>
//   …</Cube></Cube></gesmes:Envelope>
//
// So the scanner below accepts either quote, attributes in any order, whitespace and newlines
// anywhere inside a tag, a namespace prefix on Cube, and comments (caches append some). It does
// not need a full XML parser: the only elements that matter are Cube elements, and nesting tells
// which day a rate belongs to.
import { FxFileError, isCalendarDay, isCurrencyCode, isPositiveDecimal, RateDeduper, type EurQuote } from './quotes.js';

export { FxFileError } from './quotes.js';

// An opening, closing or self-closing Cube tag; quoted attribute values may contain anything but
// their own quote.
const CUBE_TAG = /<\s*(\/?)\s*(?:[A-Za-z_][\w.-]*:)?Cube(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)\s*>/g;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!.toLowerCase(), (match[2] ?? match[3] ?? '').trim());
  }
  return attributes;
}

/** Maps a character offset to its 1-based line number. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Why a document without a single Cube element is not what we asked for. */
function describeNonEcb(text: string): string {
  if (text.trim() === '') return 'the document is empty';
  if (/<!doctype\s+html|<html[\s>]/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
    return `not ECB reference rates: it is an HTML page${title ? ` ("${title}")` : ''}`;
  }
  return 'not ECB reference rates: no <Cube currency=… rate=…> elements';
}

type Open = { day: string | null };

/** Every rate in an ECB eurofxref XML document, by day then currency. Throws FxFileError. */
export function parseEcbXml(input: string): EurQuote[] {
  // Comments are blanked (newlines kept, so line numbers stay right).
  const text = input.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const lineAt = lineFinder(text);
  const problems: string[] = [];
  const quotes = new RateDeduper<EurQuote>();
  const stack: Open[] = [];
  let cubes = 0;

  for (const match of text.matchAll(CUBE_TAG)) {
    cubes += 1;
    const [, closing, attributeText = '', selfClosing] = match;
    const line = lineAt(match.index);
    if (closing) {
      stack.pop();
      continue;
    }
    const attributes = attributesOf(attributeText);
    const time = attributes.get('time');
    let day: string | null = null;
    if (time !== undefined) {
      // '' marks a day we could not read: its rates are skipped without further complaint.
      day = isCalendarDay(time) ? time : '';
      if (day === '') problems.push(`line ${line}: time "${time}" is not a calendar date (YYYY-MM-DD)`);
    }
    const currency = attributes.get('currency');
    const rate = attributes.get('rate');
    if (currency !== undefined || rate !== undefined) {
      const problem = readRate(currency, rate, line);
      if (problem) problems.push(`line ${line}: ${problem}`);
    }
    if (!selfClosing) stack.push({ day });
  }

  /** Records one <Cube currency rate/>; returns what is wrong with it, if anything. */
  function readRate(currency: string | undefined, rate: string | undefined, line: number): string | null {
    if (currency === undefined) return `a rate "${rate}" without a currency`;
    if (rate === undefined) return `${currency} has no rate`;
    const day = stack.findLast((open) => open.day !== null)?.day ?? undefined;
    if (day === '') return null;
    if (day === undefined) return `the rate for ${currency} is not inside a <Cube time="YYYY-MM-DD">`;
    if (!isCurrencyCode(currency)) return `currency "${currency}" is not a 3-letter code`;
    if (!isPositiveDecimal(rate)) return `rate "${rate}" for ${currency} on ${day} is not a positive decimal`;
    return quotes.add({ day, currency: currency.toLowerCase(), rate }, `line ${line}`);
  }

  if (cubes === 0) problems.push(describeNonEcb(text));
  const result = quotes.values();
  if (problems.length === 0 && result.length === 0) problems.push('no exchange rates in the document');
  if (problems.length > 0) throw new FxFileError(problems, 'ECB XML');
  return result;
}
