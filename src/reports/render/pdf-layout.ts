// The PDF's page geometry, fonts and colours, and the flow that carries content down the pages:
// a cursor on the current page, pages created only when something is about to be drawn (so an
// orientation change never leaves a blank page), and the text measuring every block relies on —
// wrapping and truncating with an ellipsis, so no text ever runs out of its box. All drawing
// uses explicit positions with pdfkit's own page breaking out of play (zero margins): the flow
// alone decides where a page ends, which is how a tile or a table row is never split.
import type PDFKitDocument from 'pdfkit';

export type Pdf = InstanceType<typeof PDFKitDocument>;
export type Orientation = 'portrait' | 'landscape';

export const FONT = { regular: 'report-regular', bold: 'report-bold' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

export const COLOR = {
  text: '#1f2933',
  muted: '#5f6b7a',
  rule: '#d5dbe1',
  stripe: '#f5f7f9',
  headerFill: '#e8edf2',
  totalFill: '#eef1f4',
  accent: '#2456a6',
  tile: '#f7f9fb',
  good: '#1a7f37',
  bad: '#c0312b',
  amberText: '#7a4a00',
  amberFill: '#fff5e0',
  amberBar: '#e3a23b',
} as const;

/** A4 in points. */
const A4 = { width: 595.28, height: 841.89 } as const;
export const MARGIN = 42;
/** Content runs from CONTENT_TOP to the page height less CONTENT_BOTTOM; header and footer live outside. */
export const CONTENT_TOP = 64;
export const CONTENT_BOTTOM = 54;
export const ELLIPSIS = '…';

export function pageSize(orientation: Orientation): { width: number; height: number } {
  return orientation === 'portrait' ? { ...A4 } : { width: A4.height, height: A4.width };
}

export type Flow = {
  doc: Pdf;
  /** The orientation of the current page, or of the next one when `hasPage` is false. */
  orientation: Orientation;
  hasPage: boolean;
  /** Where the next block goes on the current page. */
  y: number;
  /** 0-based indexes of pages drawn without the running header (the board pack's cover). */
  bareHeaderPages: Set<number>;
  pages: number;
};

export function createFlow(doc: Pdf): Flow {
  return { doc, orientation: 'portrait', hasPage: false, y: CONTENT_TOP, bareHeaderPages: new Set(), pages: 0 };
}

export function contentLeft(): number {
  return MARGIN;
}

export function contentWidth(flow: Flow): number {
  return pageSize(flow.orientation).width - 2 * MARGIN;
}

export function contentBottom(flow: Flow): number {
  return pageSize(flow.orientation).height - CONTENT_BOTTOM;
}

/** The height a fresh page offers. */
export function pageCapacity(flow: Flow): number {
  return contentBottom(flow) - CONTENT_TOP;
}

export function newPage(flow: Flow, orientation: Orientation = flow.orientation): void {
  flow.doc.addPage({ size: 'A4', layout: orientation, margin: 0 });
  flow.orientation = orientation;
  flow.hasPage = true;
  flow.y = CONTENT_TOP;
  flow.pages += 1;
}

/** Makes room for `height` points: a new page when the current one cannot hold them. True when a page was started. */
export function ensureSpace(flow: Flow, height: number): boolean {
  if (flow.hasPage && flow.y + height <= contentBottom(flow)) return false;
  newPage(flow);
  return true;
}

/** What follows starts on a new page of this orientation. */
export function breakPage(flow: Flow, orientation: Orientation = flow.orientation): void {
  flow.hasPage = false;
  flow.orientation = orientation;
  flow.y = CONTENT_TOP;
}

/** True when nothing has been drawn on the current page yet. */
export function atPageTop(flow: Flow): boolean {
  return !flow.hasPage || flow.y <= CONTENT_TOP;
}

type FontState = { font: FontName; size: number; widths: Map<string, number> };
const fontStates = new WeakMap<Pdf, { current: FontState; widths: Map<FontName, Map<string, number>> }>();

export function setFont(doc: Pdf, font: FontName, size: number): void {
  doc.font(font).fontSize(size);
  let state = fontStates.get(doc);
  if (!state) fontStates.set(doc, (state = { current: { font, size, widths: new Map() }, widths: new Map() }));
  let widths = state.widths.get(font);
  if (!widths) state.widths.set(font, (widths = new Map()));
  state.current = { font, size, widths };
}

/**
 * The width of `text` in the font last set with setFont: the sum of its characters' advance
 * widths, each measured once per font. pdfkit's widthOfString shapes the whole string with
 * fontkit every time — far too slow for the thousands of cells of a table export. Shaping adds
 * only kerning to the text of a report, a fraction of a point on a few letter pairs, and table
 * cells are drawn unshaped (pdf-cell-text.ts), exactly this wide.
 */
export function textWidth(doc: Pdf, text: string): number {
  const state = fontStates.get(doc)?.current;
  if (!state) throw new Error('textWidth before setFont');
  let width = 0;
  for (const char of text) {
    let w = state.widths.get(char);
    if (w === undefined) {
      doc.fontSize(1000);
      w = doc.widthOfString(char) / 1000;
      doc.fontSize(state.size);
      state.widths.set(char, w);
    }
    width += w;
  }
  return width * state.size;
}

/** The height pdfkit gives one line of the current font. */
export function lineHeight(doc: Pdf): number {
  return doc.currentLineHeight(false);
}

/** `text` as it fits in `width` with the current font: whole, or cut with an ellipsis. */
export function fitText(doc: Pdf, text: string, width: number): { text: string; width: number } {
  const full = textWidth(doc, text);
  if (full <= width) return { text, width: full };
  const room = width - textWidth(doc, ELLIPSIS);
  if (room < 0) return { text: '', width: 0 };
  // The longest prefix that leaves room for the ellipsis.
  let used = 0;
  let cut = '';
  for (const char of text) {
    const w = textWidth(doc, char);
    if (used + w > room) break;
    used += w;
    cut += char;
  }
  const shown = `${cut.trimEnd()}${ELLIPSIS}`;
  return { text: shown, width: textWidth(doc, shown) };
}

/** `text` broken into lines no wider than `width` with the current font; at most `maxLines`, the last cut with an ellipsis. */
export function wrapText(doc: Pdf, text: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(doc, candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      // A word longer than the line is broken where it must be.
      while (textWidth(doc, line) > width && Array.from(line).length > 1) {
        const head = longestPrefix(doc, line, width);
        lines.push(head);
        line = Array.from(line).slice(Array.from(head).length).join('');
      }
    }
    lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  // The last line holds what is left, cut with an ellipsis where it no longer fits.
  return [...lines.slice(0, maxLines - 1), fitText(doc, lines.slice(maxLines - 1).join(' '), width).text];
}

function longestPrefix(doc: Pdf, text: string, width: number): string {
  const chars = Array.from(text);
  let n = 1;
  while (n < chars.length && textWidth(doc, chars.slice(0, n + 1).join('')) <= width) n++;
  return chars.slice(0, n).join('');
}

export type LineOptions = { color?: string; align?: 'left' | 'right' | 'center'; width?: number };

/** One line of text at (x, y) (y is the top of the line), never wrapped; aligned within `width` when given. */
export function drawLine(doc: Pdf, text: string, x: number, y: number, options: LineOptions = {}): void {
  if (text === '') return;
  let left = x;
  if (options.width !== undefined && options.align && options.align !== 'left') {
    const free = options.width - textWidth(doc, text);
    left = options.align === 'right' ? x + free : x + free / 2;
  }
  doc.fillColor(options.color ?? COLOR.text).text(text, left, y, { lineBreak: false });
}
