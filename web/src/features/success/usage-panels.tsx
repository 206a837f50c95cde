// The "Usage & NPS" tab of Customer success, over the global date range: daily active users,
// usage per active user by plan, feature adoption per plan, the NPS trend, and LTV by plan. Each
// panel reads its own query and says so when its data is missing (no usage feed yet).
import type { CSSProperties } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import { DataPanel, type PanelQuery } from '../../components/data-panel.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoney, formatScore } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import type { LtvByPlanResponse } from '@read/ltv-by-plan/contract.js';
import type { NpsResponse } from '@read/nps/contract.js';
import type { UsageResponse } from '@read/usage/contract.js';
import { adoptionMatrix, dauRows, NPS_TARGET, npsTrendRows, usageByPlan } from './success-view.js';

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 13 };
const tick = { fontSize: 12, fill: 'var(--text-muted)' };
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const noUsage = (u: UsageResponse) => u.periods.every((p) => p.activeUsers === 0);

export function DailyActiveUsers({ query, locale, exportTarget }: { query: PanelQuery<UsageResponse>; locale?: string; exportTarget?: ExportTarget }) {
  const u = query.data;
  const rows = u ? dauRows(u) : [];
  const peak = rows.reduce((m, r) => Math.max(m, r.dau), 0);
  return (
    <ChartFrame
      title="Daily active users"
      testId="dau-chart"
      export={exportTarget}
      subtitle={u ? (u.granularity === 'day' ? 'People active each day' : `Daily active users averaged per ${u.granularity}`) : undefined}
      loading={query.isPending && !u}
      error={u ? null : query.error}
      onRetry={() => void query.refetch()}
      empty={u && noUsage(u) ? <p className="muted">{u.notes[0] ?? 'No product usage received yet: send events to the tracking API (Settings → API keys, an ingest key).'}</p> : undefined}
      summary={`Peak ${formatCount(peak, locale)} daily active users.`}
      height={240}
      footer={u && u.notes.length > 0 && !noUsage(u) ? <p className="figure-note">{u.notes.join(' ')}</p> : undefined}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} padding={{ left: 8, right: 8 }} tickFormatter={(t: number) => formatDay(dayOf(t), locale)} tick={tick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={48} />
          <YAxis allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={44} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => formatDay(dayOf(Number(t)), locale)} formatter={(v) => [formatCount(Number(v), locale), 'Active users']} />
          <Bar dataKey="dau" fill="var(--brand)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function UsageByPlan({ query, locale, exportTarget }: { query: PanelQuery<UsageResponse>; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel title="Usage per user by plan" testId="usage-by-plan" query={query} export={exportTarget} subtitle={query.data ? `Over the range; per user is per active user per ${query.data.granularity}, averaged` : undefined} empty={(u) => (noUsage(u) ? <p className="muted">{u.notes[0] ?? 'No product usage received yet.'}</p> : null)}>
      {(u) => (
        <div className="table-scroll">
          <table className="data-table numeric-table">
            <TableHead columns={['Plan', numeric('Avg daily active users'), numeric('Total usage'), numeric('Usage per user')]} />
            <tbody>
              {usageByPlan(u).map((r) => (
                <tr key={r.key} data-testid="usage-plan-row">
                  <td>{r.planName}</td>
                  <td className="num">{r.averageDailyActiveUsers.toLocaleString(locale, { maximumFractionDigits: 1 })}</td>
                  <td className="num">{formatCount(r.totalUsage, locale)}</td>
                  <td className="num">{r.averageUsagePerUser === null ? '—' : r.averageUsagePerUser.toLocaleString(locale, { maximumFractionDigits: 1 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataPanel>
  );
}

export function FeatureAdoption({ query, locale, exportTarget }: { query: PanelQuery<UsageResponse>; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel title="Feature adoption" testId="feature-adoption" query={query} export={exportTarget} subtitle="Share of each plan's active accounts that used the feature in the range" empty={(u) => (adoptionMatrix(u.adoption).features.length === 0 ? <p className="muted">{u.notes[0] ?? 'No tracked feature yet.'}</p> : null)}>
      {(u) => {
        const m = adoptionMatrix(u.adoption);
        return (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Feature adoption by plan, scrollable">
            <table className="data-table numeric-table adoption-table">
              <TableHead columns={['Plan', ...m.features.map((f) => numeric(f))]} />
              <tbody>
                {m.plans.map((p) => (
                  <tr key={p.key}>
                    <td>
                      {p.planName} <span className="muted cell-sub">{formatCount(p.activeAccounts, locale)} accounts</span>
                    </td>
                    {p.shares.map((s, i) => (
                      <td key={m.features[i]} className="num adoption-cell" style={{ '--share': s ?? 0 } as CSSProperties}>
                        {formatPercent(s, { locale, digits: 0 })}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    </DataPanel>
  );
}

export function NpsTrend({ query, locale, exportTarget }: { query: PanelQuery<NpsResponse>; locale?: string; exportTarget?: ExportTarget }) {
  const n = query.data;
  const rows = n ? npsTrendRows(n) : [];
  const none = n ? n.current.responses === 0 && rows.every((r) => r.responses === 0) : false;
  return (
    <ChartFrame
      title="NPS trend"
      testId="nps-trend"
      export={exportTarget}
      subtitle={n ? `Per ${n.granularity}: % promoters − % detractors (latest answer of each respondent)` : undefined}
      loading={query.isPending && !n}
      error={n ? null : query.error}
      onRetry={() => void query.refetch()}
      empty={none ? <p className="muted">{n?.current.note ?? 'No NPS responses yet: import them under the support API or CSV.'}</p> : undefined}
      summary={n ? `NPS ${formatScore(n.current.nps, { locale, signed: true })} over the range from ${formatCount(n.current.responses, locale)} respondents.` : ''}
      legend={[<LegendItem key="nps" color="var(--brand)" label="NPS" shape="line" />, <LegendItem key="target" color="var(--positive)" label={`Target ${NPS_TARGET}`} shape="line" />]}
      height={220}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatDay(dayOf(t), locale)} tick={tick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={48} />
          <YAxis domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tick={tick} tickLine={false} axisLine={false} width={44} />
          <ReferenceLine y={NPS_TARGET} stroke="var(--positive)" strokeDasharray="4 3" />
          <ReferenceLine y={0} stroke="var(--border)" />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => formatDay(dayOf(Number(t)), locale)} formatter={(v) => [formatScore(Number(v), { locale, signed: true }), 'NPS']} />
          <Line dataKey="nps" stroke="var(--brand)" strokeWidth={2.5} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function LtvByPlan({ query, locale, exportTarget }: { query: PanelQuery<LtvByPlanResponse>; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel title="LTV by plan" testId="ltv-by-plan" query={query} export={exportTarget} subtitle={query.data ? `ARPA ÷ monthly churn rate over the last ${query.data.window.months} months` : undefined} empty={(l) => (l.plans.length === 0 ? <p className="muted">No paying plan yet.</p> : null)}>
      {(l) => (
        <div className="table-scroll">
          <table className="data-table numeric-table">
            <TableHead columns={['Plan', numeric('Paying'), numeric('ARPA'), numeric('Churn/mo'), numeric('LTV')]} />
            <tbody>
              {l.plans.map((p) => (
                <tr key={p.planId} data-testid="ltv-row">
                  <td>{p.planName}</td>
                  <td className="num">{formatCount(p.customers, locale)}</td>
                  <td className="num">{p.arpa === null ? '—' : formatMoney(p.arpa, l.currency, locale)}</td>
                  <td className="num">{formatPercent(p.churnRate, { locale })}</td>
                  <td className="num" title={p.note}>
                    {p.ltv === null ? <span className="muted">{p.note ? 'n/a' : '—'}</span> : formatMoney(p.ltv, l.currency, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataPanel>
  );
}
