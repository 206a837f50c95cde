// The frame around every chart: a title, an optional legend or actions, the loading, error and
// empty states, and the accessible description. The chart itself is decorative to assistive
// technology (role="img" with a summary); the same numbers are in a visually hidden table. `export`
// puts the Export menu (CSV, Excel, PDF of the chart's data, from its route) in the header.
import type { ReactNode } from 'react';
import { ErrorNotice } from '../app/error-notice.js';
import { errorMessage } from '../lib/api-client.js';
import { ExportMenu, type ExportTarget } from './export-menu.js';
import { Skeleton } from './skeleton.js';

export type ChartFrameProps = {
  title: string;
  testId: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** The chart's data as a file: its API route and query (components/export-menu.tsx). */
  export?: ExportTarget;
  legend?: ReactNode;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** When set (and not loading), shown instead of the chart. */
  empty?: ReactNode;
  /** One sentence for screen readers: what the chart shows and its headline. */
  summary: string;
  /** The data as a table, visually hidden (for screen readers and copy-paste). */
  table?: ReactNode;
  /** The body's height in pixels (a chart needs one); 'auto' for content that sizes itself. */
  height?: number | 'auto';
  /** 'image' (default): a picture, described by `summary` (role="img"); 'content': readable HTML
   *  with links or buttons in it (a bar list), a labelled group — an image may hold no controls. */
  body?: 'image' | 'content';
  children: ReactNode;
  footer?: ReactNode;
};

export function ChartFrame({ title, testId, subtitle, actions, export: exportTarget, legend, loading, error, onRetry, empty, summary, table, height = 320, body = 'image', children, footer }: ChartFrameProps) {
  const failed = error !== null && error !== undefined;
  const exportable = exportTarget && !loading && !failed;
  return (
    <section className="panel chart-frame" data-testid={testId} aria-busy={loading || undefined}>
      <header className="chart-header">
        <div className="chart-titles">
          <h2 className="panel-title">{title}</h2>
          {subtitle && <p className="chart-subtitle">{subtitle}</p>}
        </div>
        {(actions || exportable) && (
          <div className="chart-actions">
            {actions}
            {exportable && <ExportMenu target={exportTarget} title={title} testId={`${testId}-export`} />}
          </div>
        )}
      </header>
      {legend && !loading && !failed && !empty && <div className="chart-legend">{legend}</div>}
      {failed ? (
        <ErrorNotice title={`Could not load ${title.toLowerCase()}`} message={errorMessage(error)} onRetry={onRetry} />
      ) : loading ? (
        <Skeleton height={height === 'auto' ? 240 : height} className="chart-skeleton" />
      ) : empty ? (
        <div className="chart-empty">{empty}</div>
      ) : (
        <>
          <div className="chart-body" role={body === 'image' ? 'img' : 'group'} aria-label={`${title}. ${summary}`} style={height === 'auto' ? undefined : { height }}>
            {children}
          </div>
          {table && <div className="visually-hidden">{table}</div>}
        </>
      )}
      {footer && !loading && !failed && <div className="chart-footer">{footer}</div>}
    </section>
  );
}

/** A legend entry: a colour chip and a name. */
export function LegendItem({ color, label, shape = 'square' }: { color: string; label: string; shape?: 'square' | 'line' | 'band' }) {
  return (
    <span className="legend-item">
      <span className={`legend-swatch legend-${shape}`} style={{ background: shape === 'line' ? 'transparent' : color, borderColor: color }} aria-hidden="true" />
      {label}
    </span>
  );
}
