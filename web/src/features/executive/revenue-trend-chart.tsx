// The executive revenue trend: MRR as a line over the month's movements as stacked bars (gains
// above zero, losses below, each kind in its own colour), the projection as a dashed line in its
// 80% band, and numbered annotation markers. Clicking a month shows its movements underneath,
// each of which opens the explain panel.
import { Area, Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoneyCompact, formatMonthShort } from '../../components/chart-format.js';
import { FORECAST_COLOR, MOVEMENT_STYLE, MRR_LINE_COLOR, type MovementKind } from '../../components/movement-kinds.js';
import { formatMonth } from '../../lib/calendar.js';
import { formatMoney } from '../../lib/format.js';
import { alignedAxes, movementDomain, mrrCeiling, type TrendRow } from './revenue-trend.js';

export const COMPARE_COLOR = '#94a3b8';

export const BAR_KINDS: readonly MovementKind[] = ['new', 'expansion', 'reactivation', 'contraction', 'churn'];

type TooltipProps = { active?: boolean; payload?: ReadonlyArray<{ payload?: TrendRow }>; currency: string; locale?: string; compareLabel: string };

function TrendTooltip({ active, payload, currency, locale, compareLabel }: TooltipProps) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  const money = (v: number) => formatMoney(v, currency, locale);
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">
        {formatMonth(row.month, locale, 'long')}
        {row.partial ? ' (to date)' : row.mrr === undefined ? ' (projected)' : ''}
      </p>
      {row.mrr !== undefined && (
        <p className="chart-tooltip-row">
          <span className="legend-swatch legend-line" style={{ borderColor: MRR_LINE_COLOR }} />
          MRR <strong>{money(row.mrr)}</strong>
        </p>
      )}
      {row.mrr !== undefined &&
        BAR_KINDS.map((kind) => (
          <p key={kind} className="chart-tooltip-row">
            <span className="legend-swatch" style={{ background: MOVEMENT_STYLE[kind].color }} />
            {MOVEMENT_STYLE[kind].label} <strong>{money(row[kind] ?? 0)}</strong>
          </p>
        ))}
      {row.compareMrr !== undefined && (
        <p className="chart-tooltip-row muted">
          <span className="legend-swatch legend-line" style={{ borderColor: COMPARE_COLOR }} />
          {compareLabel} <strong>{money(row.compareMrr)}</strong>
        </p>
      )}
      {row.mrr === undefined && row.projected !== undefined && row.band && (
        <>
          <p className="chart-tooltip-row">
            Projected MRR <strong>{money(row.projected)}</strong>
          </p>
          <p className="chart-tooltip-row muted">
            80% range {money(row.band[0])} – {money(row.band[1])}
          </p>
        </>
      )}
      {row.annotations.map((a) => (
        <p key={a.id} className="chart-tooltip-row chart-tooltip-note">
          ⚑ {a.title}
        </p>
      ))}
    </div>
  );
}

export type RevenueTrendChartProps = {
  rows: TrendRow[];
  currency: string;
  locale?: string;
  selected: string | null;
  onSelect: (month: string) => void;
  /** Annotation numbers by id, for the markers. */
  markers: ReadonlyArray<{ month: string; label: string }>;
  /** "A year earlier" / "Previous period" when comparing. */
  compareLabel?: string | null;
};

export function RevenueTrendChart({ rows, currency, locale, selected, onSelect, markers, compareLabel = null }: RevenueTrendChartProps) {
  const [low, high] = movementDomain(rows);
  const axes = alignedAxes(Math.max(mrrCeiling(rows), ...rows.map((r) => r.compareMrr ?? 0)), low, high);
  const compact = (v: number) => formatMoneyCompact(v, currency, locale);
  const select = (data: unknown) => {
    const month = (data as { payload?: TrendRow; activeLabel?: string } | undefined)?.payload?.month ?? (data as { activeLabel?: string } | undefined)?.activeLabel;
    if (typeof month === 'string' && rows.some((r) => r.month === month && r.mrr !== undefined)) onSelect(month);
  };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={rows} stackOffset="sign" margin={{ top: 24, right: 8, bottom: 4, left: 8 }} onClick={select} barCategoryGap="22%">
        <CartesianGrid vertical={false} stroke="var(--border)" yAxisId="moves" />
        <XAxis dataKey="month" tickFormatter={(m: string) => formatMonthShort(m, locale)} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} tickLine={false} axisLine={{ stroke: 'var(--border)' }} interval="preserveStartEnd" minTickGap={4} />
        <YAxis yAxisId="mrr" tickFormatter={(v: number) => (v < 0 ? '' : compact(v))} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} tickLine={false} axisLine={false} width={64} domain={axes.mrr.domain} ticks={axes.mrr.ticks} interval={0} />
        <YAxis yAxisId="moves" orientation="right" tickFormatter={(v: number) => (v > 0 ? `+${compact(v)}` : compact(v))} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} tickLine={false} axisLine={false} width={64} domain={axes.moves.domain} ticks={axes.moves.ticks} interval={0} />
        <Tooltip content={<TrendTooltip currency={currency} locale={locale} compareLabel={compareLabel ?? ''} />} cursor={{ fill: 'var(--highlight)' }} />
        <ReferenceLine yAxisId="moves" y={0} stroke="var(--text-muted)" strokeOpacity={0.5} />
        <Area yAxisId="mrr" dataKey="band" stroke="none" fill={FORECAST_COLOR} fillOpacity={0.28} isAnimationActive={false} activeDot={false} connectNulls={false} />
        {BAR_KINDS.map((kind) => (
          <Bar
            key={kind}
            yAxisId="moves"
            dataKey={kind}
            stackId="moves"
            fill={MOVEMENT_STYLE[kind].color}
            fillOpacity={0.85}
            isAnimationActive={false}
            onClick={select}
            cursor="pointer"
            maxBarSize={36}
          />
        ))}
        {compareLabel && <Line yAxisId="mrr" dataKey="compareMrr" stroke={COMPARE_COLOR} strokeDasharray="2 4" strokeWidth={2} dot={false} isAnimationActive={false} />}
        <Line yAxisId="mrr" dataKey="projected" stroke={MRR_LINE_COLOR} strokeDasharray="6 5" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        <Line yAxisId="mrr" dataKey="mrr" stroke={MRR_LINE_COLOR} strokeWidth={2.75} dot={{ r: 3, fill: MRR_LINE_COLOR, strokeWidth: 0 }} activeDot={{ r: 5 }} isAnimationActive={false} />
        {selected && <ReferenceLine yAxisId="mrr" x={selected} stroke="var(--brand)" strokeOpacity={0.35} strokeWidth={1} />}
        {markers.map((m) => (
          <ReferenceLine
            key={`${m.month}-${m.label}`}
            yAxisId="mrr"
            x={m.month}
            stroke="var(--text-muted)"
            strokeDasharray="2 3"
            label={{ value: `⚑ ${m.label}`, position: 'top', fill: 'var(--text)', fontSize: 12, fontWeight: 600 }}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
