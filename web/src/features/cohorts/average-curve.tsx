// The average retention curve by month of age, logo and revenue retention together. Where fewer
// than the minimum of cohorts reached an age the line turns dashed and a note says which ages.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { formatPercent } from '../../lib/percent.js';
import { fewCohortAges, type CurvePoint } from './cohort-grid.js';

const LOGO = '#6366f1';
const REVENUE = '#16a34a';

export function AverageCurve({ points, loading, error, onRetry, locale, minCohorts, exportTarget }: { points: CurvePoint[]; loading: boolean; error: unknown; onRetry: () => void; locale?: string; minCohorts: number; exportTarget?: ExportTarget }) {
  const at = (age: number) => points.find((p) => p.age === age);
  const solid = points.filter((p) => !p.fewCohorts);
  const m12 = (at(12) && !at(12)!.fewCohorts ? at(12) : solid[solid.length - 1]) ?? points[0];
  const few = fewCohortAges(points);
  const logoAt = (p: CurvePoint) => p.logo ?? p.logoFew;
  const revenueAt = (p: CurvePoint) => p.revenue ?? p.revenueFew;
  const pct = (v: number | null) => formatPercent(v, { locale, digits: 1 });
  const summary = m12 ? `After ${m12.age} months, ${pct(logoAt(m12))} of customers are still paying and revenue retention is ${pct(revenueAt(m12))}.` : 'No cohorts yet.';
  const top = Math.ceil(Math.max(1, ...points.map((p) => revenueAt(p) ?? 0)) * 4) / 4;
  const ticks = Array.from({ length: Math.round(top * 4) + 1 }, (_, i) => i / 4);
  return (
    <ChartFrame
      title="Average retention curve"
      testId="retention-curve"
      export={exportTarget}
      subtitle={`Weighted by cohort size (customers; starting MRR for revenue), over the cohorts that reached each month${few ? `. Dashed: ${few}, fewer than ${minCohorts} cohorts` : ''}`}
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={!loading && points.every((p) => logoAt(p) === null) ? <p className="muted">No cohort has paid yet.</p> : undefined}
      summary={summary}
      height={280}
      legend={
        <>
          <LegendItem color={LOGO} label="Logo retention (customers)" shape="line" />
          <LegendItem color={REVENUE} label="Revenue retention (MRR)" shape="line" />
          {few ? <span className="muted curve-few-note" data-testid="curve-few-note">Dashed: fewer than {minCohorts} cohorts ({few})</span> : null}
        </>
      }
      table={
        <table>
          <caption>Average retention by month</caption>
          <thead>
            <tr>
              <th>Month</th>
              <th>Logo retention</th>
              <th>Revenue retention</th>
              <th>Cohorts averaged</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.age}>
                <td>{p.label}</td>
                <td>{pct(logoAt(p))}</td>
                <td>{pct(revenueAt(p))}</td>
                <td>
                  {p.cohorts}
                  {p.fewCohorts && p.cohorts > 0 ? ` (fewer than ${minCohorts})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} tickLine={false} axisLine={{ stroke: 'var(--border)' }} interval="preserveStartEnd" minTickGap={8} />
          <YAxis
            domain={[0, top]}
            ticks={ticks}
            tickFormatter={(v: number) => formatPercent(v, { locale, digits: 0 })}
            tick={{ fontSize: 12, fill: 'var(--text-muted)' }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <ReferenceLine y={1} stroke="var(--border)" strokeDasharray="4 4" />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 13 }}
            formatter={(value) => pct(typeof value === 'number' ? value : null)}
          />
          <Line dataKey="logo" name="Logo retention" stroke={LOGO} strokeWidth={2.5} dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="revenue" name="Revenue retention" stroke={REVENUE} strokeWidth={2.5} dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="logoFew" name={`Logo retention (fewer than ${minCohorts} cohorts)`} stroke={LOGO} strokeWidth={2} strokeDasharray="5 4" dot={false} connectNulls={false} isAnimationActive={false} legendType="none" />
          <Line dataKey="revenueFew" name={`Revenue retention (fewer than ${minCohorts} cohorts)`} stroke={REVENUE} strokeWidth={2} strokeDasharray="5 4" dot={false} connectNulls={false} isAnimationActive={false} legendType="none" />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
