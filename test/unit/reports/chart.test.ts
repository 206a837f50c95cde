import { describe, expect, it } from 'vitest';
import type { ReportChart } from '../../../src/read/reports/contract.js';
import { chartPng, svgToPng } from '../../../src/reports/render/chart-png.js';
import { chartSvg } from '../../../src/reports/render/chart-svg.js';
import { categoryLabel, textWidth } from '../../../src/reports/render/chart-text.js';
import { formatMoney } from '../../../src/reports/render/format-value.js';
import { FONT_FAMILY } from '../../../src/reports/render/fonts.js';
import { fixtureReport } from '../../helpers/report-fixture.js';

const SIZE = { width: 592, height: 240 };
const charts = fixtureReport().sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])));
const byId = (id: string) => charts.find((c) => c.id === id)!;

const chart = (overrides: Partial<ReportChart>): ReportChart => ({
  id: 'c', title: 'A chart', kind: 'line', unit: 'money', currency: 'usd', categories: ['2026-09', '2026-10', '2026-11'],
  series: [{ name: 'MRR', values: [100, 200, 300] }], band: null, ...overrides,
});

const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
const elements = (svg: string, name: string) => [...svg.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => attrs(m[0]));
const texts = (svg: string): (Record<string, string> & { text: string })[] => [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((m) => ({ ...attrs(m[1]!), text: m[2]! }));
/** The value-axis labels: right-aligned texts left of the plot. */
const axisLabels = (svg: string) => texts(svg).filter((t) => t['text-anchor'] === 'end').map((t) => ({ text: t.text, y: Number(t.y) }));
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('chartSvg', () => {
  it('is deterministic: the same chart gives the same bytes', () => {
    for (const c of charts) expect(chartSvg(structuredClone(c), SIZE)).toBe(chartSvg(c, SIZE));
  });

  it('uses only the embedded font and has no title of its own inside the plot', () => {
    const svg = chartSvg(byId('mrr-trend'), SIZE);
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    expect([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1])).toEqual([FONT_FAMILY]);
    expect(texts(svg).map((t) => t.text)).not.toContain('MRR, last 6 months');
    expect(svg).toMatch(new RegExp(`^<svg[^>]* width="${SIZE.width}" height="${SIZE.height}"`));
  });

  it('escapes names: series and categories are user data', () => {
    const svg = chartSvg(chart({ categories: ['<b>Plan & co</b>', 'x'], kind: 'bar', series: [{ name: '<script>alert(1)</script>', values: [1, 2] }, { name: 'B"', values: [2, 1] }] }), SIZE);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&lt;b&gt;Plan &amp; co&lt;/b&gt;');
  });

  it('money axis labels are compact currency at evenly spaced, linear positions', () => {
    const c = byId('mrr-trend');
    const svg = chartSvg(c, SIZE);
    const labels = axisLabels(svg);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const values = labels.map((l) => {
      const m = /^(-?)\$(\d+(?:\.\d+)?)([KM]?)$/.exec(l.text);
      expect(m, l.text).not.toBeNull();
      return (m![1] ? -1 : 1) * Number(m![2]) * ({ '': 1, K: 1e3, M: 1e6 } as Record<string, number>)[m![3]!]! * 100;
    });
    for (const v of values) expect(formatMoney(v, 'usd', { compact: true })).toBe(labels[values.indexOf(v)]!.text);
    // The axis covers every value, and a data point sits where the axis says its value is.
    expect(Math.min(...values)).toBeLessThanOrEqual(Math.min(...(c.series[0]!.values as number[])));
    expect(Math.max(...values)).toBeGreaterThanOrEqual(Math.max(...(c.series[0]!.values as number[])));
    const yOf = (v: number) => labels[0]!.y + ((v - values[0]!) / (values[1]! - values[0]!)) * (labels[1]!.y - labels[0]!.y) - 11 * 0.35;
    const dots = elements(svg, 'circle');
    expect(dots).toHaveLength(6);
    c.series[0]!.values.forEach((v, i) => expect(Math.abs(Number(dots[i]!.cy) - yOf(v!))).toBeLessThan(0.3));
  });

  it('a ratio axis is in percent', () => {
    const svg = chartSvg(chart({ unit: 'ratio', currency: null, series: [{ name: 'Churn', values: [0.0125, 0.021, 0.018] }] }), SIZE);
    const labels = axisLabels(svg).map((l) => l.text);
    expect(labels.every((l) => /^\d+(\.\d+)?%$/.test(l))).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('close money ticks get the decimals they need to differ', () => {
    const svg = chartSvg(chart({ currency: 'jpy', series: [{ name: 'MRR', values: [1_200_000_000, 1_215_000_000, 1_236_000_000] }] }), SIZE);
    const labels = axisLabels(svg).map((l) => l.text);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /^¥1\.\d\dB$/.test(l))).toBe(true);
  });

  it('a null is a gap: the line breaks, a lone point is a dot', () => {
    const values = [1, 2, null, 4, 5, null, 7, null, 9];
    const svg = chartSvg(chart({ categories: values.map((_, i) => `2026-0${i + 1}`), series: [{ name: 'MRR', values }] }), SIZE);
    const lines = elements(svg, 'polyline');
    expect(lines.map((l) => l.points!.split(' ').length)).toEqual([2, 2]);
    // Dots on every point (few categories) plus the two lone points, which are larger.
    const lone = elements(svg, 'circle').filter((c) => c.r === '3');
    expect(lone).toHaveLength(2);
  });

  it('stacked bars: positives above the zero line, negatives below, lengths in proportion', () => {
    const c = byId('movements-bars');
    const svg = chartSvg(c, SIZE);
    const zero = axisLabels(svg).find((l) => l.text === '$0');
    expect(zero).toBeDefined();
    const zeroY = zero!.y - 11 * 0.35;
    const rects = elements(svg, 'rect').filter((r) => r.fill === '#4f46e5' || r.fill === '#ea580c').filter((r) => Number(r.height) > 0 && Number(r.width) > 11);
    expect(rects).toHaveLength(12);
    const news = rects.filter((r) => r.fill === '#4f46e5');
    const churns = rects.filter((r) => r.fill === '#ea580c');
    news.forEach((r) => expect(Math.abs(Number(r.y) + Number(r.height) - zeroY)).toBeLessThan(0.2));
    churns.forEach((r) => expect(Math.abs(Number(r.y) - zeroY)).toBeLessThan(0.2));
    const pxPerUnit = Number(news[0]!.height) / c.series[0]!.values[0]!;
    c.series[1]!.values.forEach((v, i) => expect(Math.abs(Number(churns[i]!.height) - Math.abs(v!) * pxPerUnit)).toBeLessThan(0.3));
  });

  it('a legend only with more than one series or a band', () => {
    const one = texts(chartSvg(byId('mrr-trend'), SIZE)).map((t) => t.text);
    expect(one).not.toContain('MRR');
    const two = texts(chartSvg(byId('movements-bars'), SIZE)).map((t) => t.text);
    expect(two).toEqual(expect.arrayContaining(['New', 'Churn']));
    const band = chartSvg(byId('forecast'), SIZE);
    expect(texts(band).map((t) => t.text)).toEqual(expect.arrayContaining(['Forecast', '80% interval']));
    expect(elements(band, 'polygon')).toHaveLength(1);
  });

  it('category labels are short, the latest is always shown, and none leaves the picture', () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const svg = chartSvg(chart({ categories: days, series: [{ name: 'MRR', values: days.map((_, i) => 1000 + i) }] }), SIZE);
    const labels = texts(svg).filter((t) => t['text-anchor'] === 'middle');
    expect(labels.at(-1)!.text).toBe('30 Nov');
    expect(labels.length).toBeLessThan(30);
    const spans = labels.map((l) => [Number(l.x) - textWidth(l.text, 11) / 2, Number(l.x) + textWidth(l.text, 11) / 2] as const);
    spans.forEach(([from, to], i) => {
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeLessThanOrEqual(SIZE.width);
      if (i > 0) expect(from).toBeGreaterThan(spans[i - 1]![1]);
    });
    expect(categoryLabel('2026-06')).toBe('Jun ’26');
    expect(categoryLabel('2026-W48')).toBe('W48');
    expect(categoryLabel('Pro plan')).toBe('Pro plan');
  });

  it('says "No data" when there is nothing to draw', () => {
    const svg = chartSvg(chart({ categories: [], series: [{ name: 'MRR', values: [] }] }), SIZE);
    expect(texts(svg).map((t) => t.text)).toContain('No data');
    expect(chartSvg(chart({ series: [{ name: 'MRR', values: [null, null, null] }] }), SIZE)).toContain('No data');
  });
});

describe('chartPng', () => {
  it('is the size asked for, times the scale', () => {
    expect(pngSize(chartPng(byId('forecast'), { width: 300, height: 120 }, 2))).toEqual({ width: 600, height: 240 });
    expect(pngSize(chartPng(byId('forecast'), { width: 300, height: 120 }, 1))).toEqual({ width: 300, height: 120 });
  });

  it('is deterministic', () => {
    const c = byId('movements-bars');
    expect(chartPng(c, SIZE).equals(chartPng(structuredClone(c), SIZE))).toBe(true);
  });

  it('draws text with the embedded font alone (no system font is loaded)', () => {
    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="${FONT_FAMILY}"><rect width="200" height="40" fill="#fff"/>${body}</svg>`;
    const blank = svgToPng(svg(''), 200);
    const text = svgToPng(svg('<text x="10" y="28" font-size="20">Revpulse €¥₹</text>'), 200);
    const other = svgToPng(svg('<text x="10" y="28" font-size="20">Board pack</text>'), 200);
    expect(text.equals(blank)).toBe(false);
    expect(text.equals(other)).toBe(false);
    // A chart's legend names reach the picture too.
    const renamed = structuredClone(byId('movements-bars'));
    renamed.series[0]!.name = 'Expansion';
    expect(chartPng(renamed, SIZE).equals(chartPng(byId('movements-bars'), SIZE))).toBe(false);
  });
});
