// The PDF's running text: section headings, paragraphs that flow on across pages line by line,
// and notes — the amber boxes that say why part of a section or table is missing or partial.
import { COLOR, FONT, contentLeft, contentWidth, drawLine, ensureSpace, fitText, lineHeight, pageCapacity, setFont, wrapText, type Flow } from './pdf-layout.js';

const HEADING_SIZE = 13;
const HEADING_GAP = 8;
export const TEXT_SIZE = 9.5;
const LINE_SPACING = 1.3;
const PARAGRAPH_GAP = 5;
const NOTE_SIZE = 8.5;
const NOTE_PADDING = 6;
const NOTE_BAR = 3;
/** Space left after every block. */
export const BLOCK_GAP = 14;

export function headingHeight(flow: Flow): number {
  setFont(flow.doc, FONT.bold, HEADING_SIZE);
  return lineHeight(flow.doc) + HEADING_GAP;
}

/** A section's title; the caller has made room for it and the start of what follows. */
export function drawHeading(flow: Flow, title: string): void {
  const { doc } = flow;
  const height = headingHeight(flow);
  drawLine(doc, fitText(doc, title, contentWidth(flow)).text, contentLeft(), flow.y, { color: COLOR.text });
  flow.y += height;
}

/** The height of the first `count` lines of these paragraphs: what must fit beside a heading. */
export function paragraphsLeadHeight(flow: Flow, paragraphs: string[], count = 2, size = TEXT_SIZE): number {
  setFont(flow.doc, FONT.regular, size);
  const lines = paragraphs.flatMap((p) => wrapText(flow.doc, p, contentWidth(flow))).length;
  return Math.min(lines, count) * lineHeight(flow.doc) * LINE_SPACING;
}

/** Paragraphs, each line placed where it fits: a long text runs on to the next page. */
export function drawParagraphs(flow: Flow, paragraphs: string[], options: { size?: number; color?: string; font?: typeof FONT.regular | typeof FONT.bold } = {}): void {
  const { doc } = flow;
  const size = options.size ?? TEXT_SIZE;
  paragraphs.forEach((paragraph, index) => {
    setFont(doc, options.font ?? FONT.regular, size);
    const step = lineHeight(doc) * LINE_SPACING;
    for (const line of wrapText(doc, paragraph, contentWidth(flow))) {
      if (ensureSpace(flow, step)) setFont(doc, options.font ?? FONT.regular, size);
      drawLine(doc, line, contentLeft(), flow.y, { color: options.color ?? COLOR.text });
      flow.y += step;
    }
    if (index < paragraphs.length - 1) flow.y += PARAGRAPH_GAP;
  });
}

function noteLines(flow: Flow, text: string, width: number): { lines: string[]; height: number; step: number } {
  const { doc } = flow;
  setFont(doc, FONT.regular, NOTE_SIZE);
  const step = lineHeight(doc) * 1.25;
  const maxLines = Math.max(1, Math.floor((pageCapacity(flow) - 2 * NOTE_PADDING) / step));
  const lines = wrapText(doc, text, width - 2 * NOTE_PADDING - NOTE_BAR, maxLines);
  return { lines, step, height: lines.length * step + 2 * NOTE_PADDING - (step - lineHeight(doc)) };
}

export function noteHeight(flow: Flow, text: string, width = contentWidth(flow)): number {
  return noteLines(flow, text, width).height;
}

/** An amber note, kept whole on one page; as wide as the content, or as the table it belongs to. */
export function drawNote(flow: Flow, text: string, width = contentWidth(flow)): void {
  const { doc } = flow;
  const { lines, step, height } = noteLines(flow, text, width);
  ensureSpace(flow, height);
  const x = contentLeft();
  doc.save().rect(x, flow.y, width, height).fill(COLOR.amberFill).rect(x, flow.y, NOTE_BAR, height).fill(COLOR.amberBar).restore();
  setFont(doc, FONT.regular, NOTE_SIZE);
  lines.forEach((line, i) => drawLine(doc, line, x + NOTE_BAR + NOTE_PADDING, flow.y + NOTE_PADDING + i * step, { color: COLOR.amberText }));
  flow.y += height;
}
