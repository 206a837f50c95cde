// Splits CSV text into records (RFC 4180): a UTF-8 BOM is dropped, CRLF, LF or CR end a line,
// double-quoted cells may hold commas, line breaks and doubled quotes, blank lines are skipped.
// Each record keeps the line number it starts on, so errors can say "line 14: …". Pure.

export type CsvRecord = { line: number; cells: string[] };

export type CsvSplit = { records: CsvRecord[]; problems: string[] };

/** The records of `text`, cells trimmed; an unterminated quoted cell is a problem of its line. */
export function splitCsv(text: string): CsvSplit {
  const source = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let endOfRecord = false;
    while (i < source.length && !endOfRecord) {
      const c = source[i]!;
      if (c === '"' && cell.trim() === '' && !quoted) {
        // A quoted cell: read to its closing quote.
        const close = readQuoted(source, i + 1);
        if (close === null) {
          problems.push(`line ${start}: a quoted cell is not closed (a " is missing)`);
          return { records, problems };
        }
        cell = close.text;
        line += close.newlines;
        i = close.next;
        quoted = true;
        // Only blanks may follow the closing quote before the next comma or line end.
        while (source[i] === ' ' || source[i] === '\t') i += 1;
        const after = source[i];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          problems.push(`line ${line}: text after a closing quote (quote the whole cell and double any " inside it)`);
          while (i < source.length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') i += 1;
        }
      } else if (c === ',') {
        cells.push(quoted ? cell : cell.trim());
        cell = '';
        quoted = false;
        i += 1;
      } else if (c === '\n' || c === '\r') {
        i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
        line += 1;
        endOfRecord = true;
      } else {
        cell += c;
        i += 1;
      }
    }
    cells.push(quoted ? cell : cell.trim());
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return { records, problems };
}

function readQuoted(source: string, from: number): { text: string; next: number; newlines: number } | null {
  let text = '';
  let newlines = 0;
  let i = from;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"') {
      if (source[i + 1] === '"') {
        text += '"';
        i += 2;
        continue;
      }
      return { text, next: i + 1, newlines };
    }
    if (c === '\r' && source[i + 1] === '\n') {
      text += '\n';
      i += 2;
      newlines += 1;
      continue;
    }
    if (c === '\n' || c === '\r') newlines += 1;
    text += c === '\r' ? '\n' : c;
    i += 1;
  }
  return null;
}
