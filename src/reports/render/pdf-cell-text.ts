// A row of table cells written straight into the page's content stream, one text object per row.
// pdfkit's text() shapes every string with fontkit and caches every run it shaped: for a table
// export (5,000 rows × 15 columns) that is most of the render time and hundreds of megabytes of
// heap. A cell is one line of Latin, Greek or Cyrillic text, digits and signs — none of which
// needs shaping — so each character is encoded once per font (through pdfkit's own font object,
// which adds the glyph to the embedded subset and its ToUnicode map, so the text stays
// searchable) and a cell is its characters' codes. The font object is pdfkit-internal: if it is
// not there (another pdfkit), or a cell holds text that needs shaping (Arabic, Devanagari,
// combining marks), the cell goes through pdfkit's text() as any other text does.
import type { Pdf } from './pdf-layout.js';

type FontInternals = { id: string; ascender: number; ref(): unknown; encode(text: string): [string[], unknown] };
type DocInternals = { _font?: Partial<FontInternals>; _fontSize?: number };

/** Characters that render as their glyphs side by side, no shaping: Latin, Greek, Cyrillic, punctuation, currency and other signs. */
const UNSHAPED = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2000-\u20cf\u2100-\u2bff]*$/u;

const glyphCodes = new WeakMap<object, Map<string, string>>();

function usableFont(doc: Pdf): FontInternals | null {
  const font = (doc as unknown as DocInternals)._font;
  if (!font || typeof font.encode !== 'function' || typeof font.ref !== 'function' || typeof font.id !== 'string' || typeof font.ascender !== 'number') return null;
  return font as FontInternals;
}

function codesOf(font: FontInternals, text: string): string {
  let codes = glyphCodes.get(font);
  if (!codes) glyphCodes.set(font, (codes = new Map()));
  let out = '';
  for (const char of text) {
    let code = codes.get(char);
    if (code === undefined) codes.set(char, (code = font.encode(char)[0].join('')));
    out += code;
  }
  return out;
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** Draws each cell's text with its top-left at (x, y), in the current font, size and fill colour. */
export function drawCells(doc: Pdf, cells: { text: string; x: number }[], y: number): void {
  const font = usableFont(doc);
  const size = (doc as unknown as DocInternals)._fontSize;
  const shaped: { text: string; x: number }[] = [];
  let ops = '';
  if (font && typeof size === 'number') {
    const baseline = doc.page.height - y - (font.ascender / 1000) * size;
    for (const cell of cells) {
      if (cell.text === '') continue;
      if (!UNSHAPED.test(cell.text)) {
        shaped.push(cell);
        continue;
      }
      ops += `1 0 0 1 ${num(cell.x)} ${num(baseline)} Tm <${codesOf(font, cell.text)}> Tj\n`;
    }
    if (ops !== '') {
      doc.page.fonts[font.id] ??= font.ref();
      // pdfkit's pages are flipped (origin top left); text is written in PDF's own coordinates.
      doc.addContent(`q 1 0 0 -1 0 ${num(doc.page.height)} cm BT /${font.id} ${num(size)} Tf\n${ops}ET Q`);
    }
  } else {
    shaped.push(...cells.filter((cell) => cell.text !== ''));
  }
  for (const cell of shaped) doc.text(cell.text, cell.x, y, { lineBreak: false });
}
