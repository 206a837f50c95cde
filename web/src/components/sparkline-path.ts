// The SVG path of a sparkline: values spread evenly across the width, scaled to the height with a
// little padding so the stroke is never cut. Gaps (null) break the line.

export type SparkGeometry = { line: string; area: string; last: { x: number; y: number } | null };

export function sparkPath(values: ReadonlyArray<number | null>, width: number, height: number, pad = 2): SparkGeometry {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return { line: '', area: '', last: null };
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min;
  const step = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  const y = (v: number) => (span === 0 ? height / 2 : pad + (height - pad * 2) * (1 - (v - min) / span));
  const r = (n: number) => Math.round(n * 100) / 100;
  let line = '';
  let area = '';
  let segmentStart: number | null = null;
  let last: SparkGeometry['last'] = null;
  let prevX = 0;
  values.forEach((v, i) => {
    const x = values.length > 1 ? pad + i * step : width / 2;
    if (v === null || !Number.isFinite(v)) {
      if (segmentStart !== null) area += `L${r(prevX)},${height}L${r(segmentStart)},${height}Z`;
      segmentStart = null;
      return;
    }
    const point = `${r(x)},${r(y(v))}`;
    if (segmentStart === null) {
      line += `M${point}`;
      area += `M${point}`;
      segmentStart = x;
    } else {
      line += `L${point}`;
      area += `L${point}`;
    }
    prevX = x;
    last = { x: r(x), y: r(y(v)) };
  });
  if (segmentStart !== null) area += `L${r(prevX)},${height}L${r(segmentStart)},${height}Z`;
  return { line, area, last };
}
