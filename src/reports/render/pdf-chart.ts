// Charts in the PDF: the chart's title as text (searchable) over the chart's PNG (chartPng, at
// twice its size for print, made opaque so it embeds fast), full content width, kept whole on one
// page with its title.
import type { ReportChart } from '../../read/reports/contract.js';
import { chartPng } from './chart-png.js';
import { opaquePng } from './pdf-png.js';
import { FONT, contentLeft, contentWidth, drawLine, ensureSpace, fitText, lineHeight, setFont, type Flow } from './pdf-layout.js';

const TITLE_SIZE = 10;
/** The chart is drawn this many CSS pixels wide and scaled to the page, so its 11 px labels print at about 9 pt. */
const DRAW_WIDTH = 640;
const ASPECT = 0.4;

function titleHeight(flow: Flow): number {
  setFont(flow.doc, FONT.bold, TITLE_SIZE);
  return lineHeight(flow.doc) + 4;
}

function imageSize(flow: Flow): { width: number; height: number } {
  const width = contentWidth(flow);
  // A landscape page is shorter and wider: keep the chart from taking the whole page.
  return { width, height: Math.round(Math.min(width * ASPECT, 250)) };
}

export function chartHeight(flow: Flow): number {
  return titleHeight(flow) + imageSize(flow).height;
}

export function drawChart(flow: Flow, chart: ReportChart): void {
  const { doc } = flow;
  const size = imageSize(flow);
  const drawWidth = Math.max(DRAW_WIDTH, Math.round(size.width * 1.25));
  const png = opaquePng(chartPng(chart, { width: drawWidth, height: Math.round((drawWidth * size.height) / size.width) }, 2));
  ensureSpace(flow, chartHeight(flow));
  setFont(doc, FONT.bold, TITLE_SIZE);
  drawLine(doc, fitText(doc, chart.title, size.width).text, contentLeft(), flow.y);
  flow.y += titleHeight(flow);
  doc.image(png, contentLeft(), flow.y, { width: size.width, height: size.height });
  flow.y += size.height;
}
