// Renders a report chart to PNG with resvg, from chartSvg, with the fonts shipped in the package
// and no system font: the same picture on every server, a bare container included.
import { Resvg } from '@resvg/resvg-js';
import type { ReportChart } from '../../read/reports/contract.js';
import { chartSvg } from './chart-svg.js';
import { FONT_BOLD, FONT_FAMILY, FONT_REGULAR } from './fonts.js';

/** The chart as a PNG (resvg over chartSvg), `scale` × `size` pixels for sharp print and retina mail. */
export function chartPng(chart: ReportChart, size: { width: number; height: number }, scale = 2): Buffer {
  return svgToPng(chartSvg(chart, size), Math.round(size.width * scale));
}

/** An SVG drawn with FONT_FAMILY as a PNG `width` pixels wide. */
export function svgToPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT_REGULAR, FONT_BOLD], defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
