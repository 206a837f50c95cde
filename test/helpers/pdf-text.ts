// Reads a rendered PDF back for tests: the text of each page (pdfjs-dist, the parser browsers
// use), laid out in reading order — lines top to bottom, pieces of a line left to right, a space
// where the PDF leaves a gap — plus each page's size, so a test can check what a page says and
// whether it is landscape; and each piece of text with the colour it is filled with. Search with
// `normaliseText` on both sides: formatted values may hold no-break spaces ("KWD 1.234"), and
// wrapped text breaks lines where a space was.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfPage = {
  /** 1-based. */
  number: number;
  /** Points (1/72 in); A4 portrait is 595 × 842. */
  width: number;
  height: number;
  /** The page's lines, top to bottom. */
  lines: string[];
  /** The lines joined with "\n". */
  text: string;
};

type Piece = { str: string; x: number; y: number; width: number; size: number };

/** Every page of the PDF, with its text in reading order. */
export async function readPdf(pdf: Uint8Array): Promise<PdfPage[]> {
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const document = await task.promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a = 0, b = 0, , , e = 0, f = 0] = item.transform as number[];
        pieces.push({ str: item.str, x: e, y: f, width: item.width, size: Math.hypot(a, b) || 10 });
      }
      const lines = toLines(pieces);
      pages.push({ number, width: Math.round(x1 - x0), height: Math.round(y1 - y0), lines, text: lines.join('\n') });
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

export type ColouredText = { page: number; text: string; /** "#rrggbb" */ colour: string };

/** Every string the PDF shows, in drawing order, with the fill colour it is drawn in. */
export async function readPdfColours(pdf: Uint8Array): Promise<ColouredText[]> {
  const task = getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const document = await task.promise;
  try {
    const out: ColouredText[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const { fnArray, argsArray } = await page.getOperatorList();
      let colour = '#000000';
      const saved: string[] = [];
      fnArray.forEach((fn, i) => {
        const args = argsArray[i] as unknown[] | null;
        if (fn === OPS.save) saved.push(colour);
        else if (fn === OPS.restore) colour = saved.pop() ?? colour;
        else if (fn === OPS.setFillRGBColor && typeof args?.[0] === 'string') colour = args[0].toLowerCase();
        else if (fn === OPS.showText && Array.isArray(args?.[0])) {
          const text = (args[0] as unknown[]).map((glyph) => (glyph && typeof glyph === 'object' && 'unicode' in glyph ? String(glyph.unicode) : '')).join('');
          if (text.trim() !== '') out.push({ page: number, text, colour });
        }
      });
      page.cleanup();
    }
    return out;
  } finally {
    await task.destroy();
  }
}

/** The text of each page (index 0 is page 1). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  return (await readPdf(pdf)).map((page) => page.text);
}

/** Whitespace (no-break spaces and line breaks included) collapsed to single spaces. */
export function normaliseText(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function toLines(pieces: Piece[]): string[] {
  // Baselines within a third of the font size are one line (a bold figure beside a label).
  const sorted = [...pieces].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: Piece[][] = [];
  for (const piece of sorted) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(first.y - piece.y) <= Math.min(first.size, piece.size) / 3) row.push(piece);
    else rows.push([piece]);
  }
  return rows.map((row) => {
    row.sort((p, q) => p.x - q.x);
    let line = '';
    let end = -Infinity;
    for (const piece of row) {
      const gap = piece.x - end;
      if (line !== '' && gap > piece.size * 0.15 && !line.endsWith(' ') && !piece.str.startsWith(' ')) line += ' ';
      line += piece.str;
      end = piece.x + piece.width;
    }
    return line.trimEnd();
  });
}
