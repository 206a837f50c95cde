// The CSV splitter of the support imports: BOM, CRLF/LF/CR, quoted commas, quotes and line
// breaks, blank lines, and the line each record starts on.
import { describe, expect, it } from 'vitest';
import { splitCsv } from '../../../../src/ingest/support/csv-records.js';

describe('splitCsv', () => {
  it.each([
    ['plain LF', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF and a BOM', '\uFEFFa,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['old Mac CR', 'a,b\r1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['quoted comma and doubled quote', 'a,b\n"x, y","say ""hi"""\n', [[1, ['a', 'b']], [2, ['x, y', 'say "hi"']]]],
    ['quoted line break keeps the next record\'s line number right', 'a,b\n"two\r\nlines",2\n3,4\n', [[1, ['a', 'b']], [2, ['two\nlines', '2']], [4, ['3', '4']]]],
    ['blank lines skipped, numbers kept', 'a\n\n  \nx\n', [[1, ['a']], [4, ['x']]]],
    ['cells trimmed unless quoted', ' a , " b " \n', [[1, ['a', ' b ']]]],
    ['empty cells', 'a,,c\n,,\n', [[1, ['a', '', 'c']], [2, ['', '', '']]]],
  ] as const)('%s', (_name, text, expected) => {
    const { records, problems } = splitCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.cells])).toEqual(expected);
  });

  it('names the line of an unclosed quote', () => {
    expect(splitCsv('a,b\n1,2\n"open,3\n4,5\n').problems).toEqual(['line 3: a quoted cell is not closed (a " is missing)']);
  });

  it('names text after a closing quote', () => {
    expect(splitCsv('a\n"x"y\n').problems).toEqual(['line 2: text after a closing quote (quote the whole cell and double any " inside it)']);
  });
});
