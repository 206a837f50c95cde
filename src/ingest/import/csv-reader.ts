// Splits a CSV file into records (RFC 4180): a UTF-8 BOM is dropped, CRLF, LF or a lone CR end
// a line, double-quoted cells may hold commas, line breaks and doubled quotes, blank lines are
// skipped. Each record keeps the line it starts on, so an error can say "line 14". Pure.

export type CsvRecord = { line: number; cells: string[] };
export type CsvProblem = { line: number; message: string };

/** The records of `text`. Unquoted cells are trimmed; quoted ones are kept exactly. */
export function readCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const length = source.length;
  let line = 1;
  let i = 0;
  while (i < length) {
    const start = line;
    const cells: string[] = [];
    let badQuote = false;
    for (;;) {
      // One cell: skip leading blanks, then a quoted cell or plain text up to , or a line end.
      let j = i;
      while (j < length && (source[j] === ' ' || source[j] === '\t')) j += 1;
      if (source[j] === '"') {
        const quoted = readQuoted(source, j + 1);
        if (quoted === null) {
          problems.push({ line: start, message: 'a quoted cell is not closed (a " is missing)' });
          return { records, problems };
        }
        cells.push(quoted.text);
        line += quoted.newlines;
        i = quoted.next;
        while (source[i] === ' ' || source[i] === '\t') i += 1;
        if (i < length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
          badQuote = true;
          while (i < length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') i += 1;
        }
      } else {
        let end = i;
        while (end < length) {
          const c = source.charCodeAt(end);
          if (c === 44 /* , */ || c === 10 || c === 13) break;
          end += 1;
        }
        cells.push(source.slice(i, end).trim());
        i = end;
      }
      if (i < length && source[i] === ',') {
        i += 1;
        continue;
      }
      break;
    }
    if (i < length) {
      i += source[i] === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line += 1;
    }
    if (badQuote) problems.push({ line: start, message: 'text after a closing quote (quote the whole cell and double any " inside it)' });
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return { records, problems };
}

function readQuoted(source: string, from: number): { text: string; next: number; newlines: number } | null {
  let text = '';
  let newlines = 0;
  let i = from;
  for (;;) {
    const quote = source.indexOf('"', i);
    if (quote === -1) return null;
    const chunk = source.slice(i, quote);
    if (chunk.length > 0) {
      const breaks = chunk.match(/\r\n|\r|\n/g);
      if (breaks) {
        newlines += breaks.length;
        text += chunk.replace(/\r\n?/g, '\n');
      } else text += chunk;
    }
    if (source[quote + 1] === '"') {
      text += '"';
      i = quote + 2;
      continue;
    }
    return { text, next: quote + 1, newlines };
  }
}
