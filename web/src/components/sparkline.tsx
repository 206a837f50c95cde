import { useId } from 'react';
import { sparkPath } from './sparkline-path.js';

export type SparklineProps = {
  values: ReadonlyArray<number | null>;
  /** What the line shows, for screen readers ("MRR over the last 12 months: rising"). */
  label: string;
  tone?: 'good' | 'bad' | 'neutral';
  width?: number;
  height?: number;
};

/** A small trend line; decorative detail next to a figure, described by `label`. */
export function Sparkline({ values, label, tone = 'neutral', width = 120, height = 36 }: SparklineProps) {
  const id = useId();
  const { line, area, last } = sparkPath(values, width, height);
  if (!line) return null;
  return (
    <svg className="sparkline" data-tone={tone} viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      <defs>
        <linearGradient id={`${id}-fill`} x1="0" x2="0" y1="0" y2="1">
          <stop offset="0%" stopColor="currentColor" stopOpacity="0.22" />
          <stop offset="100%" stopColor="currentColor" stopOpacity="0" />
        </linearGradient>
      </defs>
      <path d={area} fill={`url(#${id}-fill)`} stroke="none" />
      <path d={line} fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinejoin="round" strokeLinecap="round" />
      {last && <circle cx={last.x} cy={last.y} r="2.5" fill="currentColor" />}
    </svg>
  );
}
