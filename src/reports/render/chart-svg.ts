// Draws a report chart as a self-contained SVG: line (with an optional shaded band, e.g. a
// forecast's interval), grouped bar and stacked bar (negative values stack below the zero line),
// on a white background so it reads on a dark mail client too. A null value is a gap: a line
// breaks, a bar is left out. A legend when there is more than one series or a band; the title is
// not drawn (the renderers show it beside the chart). Text only in FONT_FAMILY, which chartPng
// loads from the package. Deterministic: the same chart and size give the same bytes.
import type { ReportChart } from '../../read/reports/contract.js';
import { valueAxis, type ValueAxis } from './chart-scale.js';
import { categoryLabel, escapeXml, fitText, textWidth } from './chart-text.js';
import { FONT_FAMILY } from './fonts.js';

export const CHART_COLOURS = ['#4f46e5', '#ea580c', '#0d9488', '#a21caf', '#ca8a04', '#0284c7', '#65a30d', '#64748b'];
const TEXT = '#5b6478';
const GRID = '#e3e6ef';
const ZERO = '#94a3b8';
const AXIS_FONT = 11;
const LEGEND_FONT = 12;
const PAD = 4;

/** A coordinate with one decimal ("12.3"), never "-0". */
const n = (v: number) => String(Math.round(v * 10) / 10 + 0);
const colour = (i: number) => CHART_COLOURS[i % CHART_COLOURS.length]!;

type Frame = { width: number; left: number; right: number; top: number; bottom: number; axis: ValueAxis; x: (i: number) => number; y: (v: number) => number; step: number };

/** The chart as a self-contained SVG (fonts: FONT_FAMILY), `size` in CSS pixels. */
export function chartSvg(chart: ReportChart, size: { width: number; height: number }): string {
  const { width, height } = size;
  const legend = legendSvg(chart, width);
  const values = domainValues(chart);
  const frame = layout(chart, values, size, legend.height);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" role="img" aria-label="${escapeXml(chart.title)}">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    legend.svg,
    gridSvg(frame),
    chart.band ? bandSvg(chart.band, frame) : '',
    chart.kind === 'line' ? linesSvg(chart, frame) : barsSvg(chart, frame),
    categoriesSvg(chart.categories, frame),
    values.length === 0 ? `<text x="${n((frame.left + frame.right) / 2)}" y="${n((frame.top + frame.bottom) / 2)}" text-anchor="middle" font-size="13" fill="${TEXT}">No data</text>` : '',
    '</svg>',
  ];
  return parts.filter((p) => p !== '').join('\n');
}

/** Every value the axis must show: stacked bars by their positive and negative sums. */
function domainValues(chart: ReportChart): number[] {
  const values: number[] = [];
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  if (chart.kind === 'stacked_bar') {
    chart.categories.forEach((_, i) => {
      let pos = 0;
      let neg = 0;
      let any = false;
      for (const s of chart.series) {
        const v = s.values[i];
        if (!finite(v)) continue;
        any = true;
        if (v >= 0) pos += v;
        else neg += v;
      }
      if (any) values.push(pos, neg);
    });
  } else {
    for (const s of chart.series) values.push(...s.values.slice(0, chart.categories.length).filter(finite));
  }
  if (chart.band) values.push(...chart.band.lower.filter(finite), ...chart.band.upper.filter(finite));
  return values;
}

function layout(chart: ReportChart, values: number[], size: { width: number; height: number }, legendHeight: number): Frame {
  const axis = valueAxis(values, chart, { includeZero: chart.kind !== 'line' });
  const labelWidth = Math.max(...axis.labels.map((l) => textWidth(l, AXIS_FONT)));
  const left = PAD + Math.ceil(labelWidth) + 6;
  const right = size.width - PAD - 2;
  const top = PAD + legendHeight + Math.ceil(AXIS_FONT / 2) + 2;
  const bottom = size.height - PAD - AXIS_FONT - 8;
  const step = (right - left) / Math.max(chart.categories.length, 1);
  const span = axis.max - axis.min || 1;
  return {
    width: size.width, left, right, top, bottom, axis, step,
    x: (i) => left + (i + 0.5) * step,
    y: (v) => bottom - ((v - axis.min) / span) * (bottom - top),
  };
}

function gridSvg(f: Frame): string {
  const lines = f.axis.ticks.map((t, i) => {
    const y = n(f.y(t));
    return `<line x1="${n(f.left)}" y1="${y}" x2="${n(f.right)}" y2="${y}" stroke="${t === 0 ? ZERO : GRID}" stroke-width="1"/>` +
      `<text x="${n(f.left - 6)}" y="${n(f.y(t) + AXIS_FONT * 0.35)}" text-anchor="end" font-size="${AXIS_FONT}" fill="${TEXT}">${escapeXml(f.axis.labels[i]!)}</text>`;
  });
  return `<g>${lines.join('')}</g>`;
}

function categoriesSvg(categories: string[], f: Frame): string {
  const labels = categories.map(categoryLabel);
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, AXIS_FONT)));
  // Label every k-th category, counted back from the last (the latest is always named).
  const every = Math.max(1, Math.ceil((Math.min(widest, 120) + 8) / f.step));
  const room = every * f.step - 6;
  const texts: string[] = [];
  let leftEdge = Infinity;
  for (let i = labels.length - 1; i >= 0; i -= every) {
    const text = fitText(labels[i]!, AXIS_FONT, room);
    // Kept inside the picture (the first and last labels may be wider than their half step), and
    // a label that would then touch its right-hand neighbour is left out.
    const half = textWidth(text, AXIS_FONT) / 2;
    const x = Math.min(Math.max(f.x(i), f.left - 6 + half), f.width - PAD - half);
    if (x + half > leftEdge - 8) continue;
    leftEdge = x - half;
    texts.push(`<text x="${n(x)}" y="${n(f.bottom + AXIS_FONT + 5)}" text-anchor="middle" font-size="${AXIS_FONT}" fill="${TEXT}">${escapeXml(text)}</text>`);
  }
  return `<g>${texts.reverse().join('')}</g>`;
}

/** Runs of consecutive indexes for which `present` holds. */
function runs(length: number, present: (i: number) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < length; i++) {
    if (present(i)) {
      run.push(i);
    } else if (run.length) {
      out.push(run);
      run = [];
    }
  }
  if (run.length) out.push(run);
  return out;
}

function bandSvg(band: NonNullable<ReportChart['band']>, f: Frame): string {
  const count = Math.min(band.lower.length, band.upper.length);
  const shapes = runs(count, (i) => typeof band.lower[i] === 'number' && typeof band.upper[i] === 'number').map((run) => {
    const upper = run.map((i) => `${n(f.x(i))},${n(f.y(band.upper[i]!))}`);
    const lower = [...run].reverse().map((i) => `${n(f.x(i))},${n(f.y(band.lower[i]!))}`);
    // A one-point band is a short vertical bar.
    if (run.length === 1) return `<rect x="${n(f.x(run[0]!) - 3)}" y="${n(f.y(band.upper[run[0]!]!))}" width="6" height="${n(f.y(band.lower[run[0]!]!) - f.y(band.upper[run[0]!]!))}" fill="${colour(0)}" fill-opacity="0.18"/>`;
    return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour(0)}" fill-opacity="0.18"/>`;
  });
  return `<g>${shapes.join('')}</g>`;
}

function linesSvg(chart: ReportChart, f: Frame): string {
  const count = chart.categories.length;
  const dots = count <= 12;
  return chart.series.map((s, k) => {
    const present = (i: number) => typeof s.values[i] === 'number' && Number.isFinite(s.values[i]);
    const point = (i: number) => `${n(f.x(i))},${n(f.y(s.values[i]!))}`;
    const shapes = runs(count, present).map((run) =>
      run.length === 1
        ? `<circle cx="${n(f.x(run[0]!))}" cy="${n(f.y(s.values[run[0]!]!))}" r="3" fill="${colour(k)}"/>`
        : `<polyline points="${run.map(point).join(' ')}" fill="none" stroke="${colour(k)}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>` +
          (dots ? run.map((i) => `<circle cx="${n(f.x(i))}" cy="${n(f.y(s.values[i]!))}" r="2.5" fill="${colour(k)}"/>`).join('') : ''),
    );
    return `<g>${shapes.join('')}</g>`;
  }).join('\n');
}

function barsSvg(chart: ReportChart, f: Frame): string {
  const group = f.step * 0.7;
  const stacked = chart.kind === 'stacked_bar';
  const width = stacked ? group : group / Math.max(chart.series.length, 1);
  const gap = !stacked && chart.series.length > 1 && width > 4 ? 1 : 0;
  const rects: string[] = [];
  chart.categories.forEach((_, i) => {
    let pos = 0;
    let neg = 0;
    chart.series.forEach((s, k) => {
      const v = s.values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      let from = 0;
      let to = v;
      if (stacked) {
        from = v >= 0 ? pos : neg;
        to = from + v;
        if (v >= 0) pos = to;
        else neg = to;
      }
      const yTop = f.y(Math.max(from, to));
      const yBottom = f.y(Math.min(from, to));
      const x = stacked ? f.x(i) - group / 2 : f.x(i) - group / 2 + k * width;
      rects.push(`<rect x="${n(x)}" y="${n(yTop)}" width="${n(Math.max(width - gap, 0.5))}" height="${n(yBottom - yTop)}" fill="${colour(k)}"/>`);
    });
  });
  return `<g>${rects.join('')}</g>`;
}

function legendSvg(chart: ReportChart, width: number): { svg: string; height: number } {
  const items = chart.series.map((s, k) => ({ name: s.name, swatch: chart.kind === 'line' ? 'line' : 'box', colour: colour(k) }));
  if (chart.band) items.push({ name: chart.band.name, swatch: 'band', colour: colour(0) });
  if (chart.series.length < 2 && !chart.band) return { svg: '', height: 0 };
  const rowHeight = 18;
  let x = PAD;
  let row = 0;
  const parts = items.map((item) => {
    const label = fitText(item.name, LEGEND_FONT, width - 2 * PAD - 20);
    const itemWidth = 20 + textWidth(label, LEGEND_FONT) + 14;
    if (x > PAD && x + itemWidth > width - PAD) {
      x = PAD;
      row += 1;
    }
    const mid = PAD + row * rowHeight + rowHeight / 2;
    const swatch =
      item.swatch === 'line'
        ? `<line x1="${n(x)}" y1="${n(mid)}" x2="${n(x + 14)}" y2="${n(mid)}" stroke="${item.colour}" stroke-width="2.5" stroke-linecap="round"/>`
        : `<rect x="${n(x + 2)}" y="${n(mid - 5)}" width="10" height="10" fill="${item.colour}"${item.swatch === 'band' ? ' fill-opacity="0.25"' : ''}/>`;
    const text = `<text x="${n(x + 20)}" y="${n(mid + LEGEND_FONT * 0.35)}" font-size="${LEGEND_FONT}" fill="#0f172a">${escapeXml(label)}</text>`;
    x += itemWidth;
    return swatch + text;
  });
  return { svg: `<g>${parts.join('')}</g>`, height: (row + 1) * rowHeight + 4 };
}
