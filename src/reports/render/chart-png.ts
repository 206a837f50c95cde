import type { ReportChart } from '../../read/reports/contract.js';

/** The chart as a PNG (resvg over chartSvg), `scale` × `size` pixels for sharp print and retina mail. */
export function chartPng(chart: ReportChart, size: { width: number; height: number }, scale = 2): Buffer {
  void chart;
  void size;
  void scale;
  throw new Error('not built yet');
}
