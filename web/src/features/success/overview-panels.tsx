// The Customer success overview's panels, all read from GET /v1/success/overview: the health
// distribution (bands with counts and MRR, and the histogram), the customers at risk ranked by
// MRR at risk, the health trend and the open alerts. A panel whose figure carries a note from the
// server shows the note (e.g. "no usage data yet") next to what it can show.
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from '../../app/link.js';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import { DataPanel, type PanelQuery } from '../../components/data-panel.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoney, formatScore } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import type { OverviewFigure, SuccessOverviewResponse } from '@read/success-overview/contract.js';
import { KIND_LABELS } from '../alerts/alert-view.js';
import type { AlertRuleKind } from '@read/alerts/contract.js';
import { BAND_COLORS, BAND_LABELS, bandRows, healthTrendRows, histogramRows } from './success-view.js';
import { HealthBadge, RiskBadge } from './badges.js';

type Overview = PanelQuery<SuccessOverviewResponse>;
type Links = { customer: (id: string) => string; customers: (query: Record<string, string>) => string; alerts: string };

function Notes({ overview, figure }: { overview: SuccessOverviewResponse; figure: OverviewFigure }) {
  const notes = overview.notes.filter((n) => n.figure === figure);
  if (notes.length === 0) return null;
  return (
    <>
      {notes.map((n, i) => (
        <p key={i} className="figure-note" data-testid="figure-note">
          {n.message}
        </p>
      ))}
    </>
  );
}

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 13 };
const tick = { fontSize: 12, fill: 'var(--text-muted)' };

export function HealthDistribution({ overview, links, locale, exportTarget }: { overview: Overview; links: Links; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel title="Health distribution" testId="health-distribution" query={overview} export={exportTarget} subtitle="Paying customers by health band, with their MRR" skeletonHeight={260}>
      {(o) => {
        const rows = bandRows(o.distribution);
        const histogram = histogramRows(o.distribution.histogram);
        const scored = o.distribution.bands.reduce((s, b) => s + b.customers, 0);
        return (
          <>
            <Notes overview={o} figure="distribution" />
            <ul className="band-list" data-testid="band-list">
              {rows.map((r) => (
                <li key={r.band} data-band={r.band}>
                  <Link className="band-row" href={r.band === 'unscored' ? links.customers({ status: 'active' }) : links.customers({ health: r.band })} aria-label={`${r.label}: ${formatCount(r.customers, locale)} customers, ${formatMoney(r.mrr, o.currency, locale)} MRR. Show them`}>
                    <span className="band-name">
                      <span className="band-dot" style={{ background: BAND_COLORS[r.band] }} aria-hidden="true" />
                      {r.label}
                    </span>
                    <span className="band-count" data-testid={`band-count-${r.band}`}>
                      {formatCount(r.customers, locale)}
                    </span>
                    <span className="band-mrr">{formatMoney(r.mrr, o.currency, locale)}</span>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${Math.max(r.mrr > 0 ? 1 : 0, r.mrrShare * 100)}%`, background: BAND_COLORS[r.band] }} />
                    </span>
                    <span className="band-share muted">{formatPercent(r.mrrShare, { locale, digits: 0 })} of MRR</span>
                  </Link>
                </li>
              ))}
            </ul>
            <p className="muted band-foot">
              Average score {formatScore(o.distribution.averageScore, { locale })}
              {o.distribution.partial > 0 && ` · ${formatCount(o.distribution.partial, locale)} of ${formatCount(scored, locale)} scores are partial (a component had no data)`}
            </p>
            {histogram.some((h) => h.customers > 0) && (
              <div className="histogram" role="img" aria-label={`Histogram of health scores: ${histogram.map((h) => `${h.label}: ${h.customers}`).join(', ')}`} data-testid="health-histogram">
                <ResponsiveContainer width="100%" height={160}>
                  <BarChart data={histogram} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid vertical={false} stroke="var(--border)" />
                    <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} interval={0} />
                    <YAxis allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={40} />
                    <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatCount(Number(v), locale), 'Customers']} labelFormatter={(l) => `Score ${String(l)}`} />
                    <Bar dataKey="customers" isAnimationActive={false} radius={[4, 4, 0, 0]}>
                      {histogram.map((h) => (
                        <Cell key={h.label} fill={BAND_COLORS[h.band]} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </>
        );
      }}
    </DataPanel>
  );
}

export function AtRiskCustomers({ overview, links, locale, exportTarget }: { overview: Overview; links: Links; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel
      title="Customers at risk"
      testId="at-risk"
      query={overview}
      export={exportTarget}
      subtitle="Ranked by the MRR at risk: high-risk health or a churn risk of 50% or more"
      empty={(o) => (o.atRisk.top.length === 0 ? <><Notes overview={o} figure="atRisk" /><p className="muted">No paying customer is at risk today.</p></> : null)}
      actions={<Link className="chart-link" href={links.customers({ sort: '-risk' })}>All by risk →</Link>}
      skeletonHeight={300}
    >
      {(o) => (
        <>
          <Notes overview={o} figure="atRisk" />
          <p className="at-risk-total">
            <strong data-testid="at-risk-mrr">{formatMoney(o.atRisk.mrr, o.currency, locale)}</strong> MRR at risk across {formatCount(o.atRisk.customers, locale)} {o.atRisk.customers === 1 ? 'customer' : 'customers'}
          </p>
          <div className="table-scroll">
            <table className="data-table numeric-table at-risk-table">
              <TableHead columns={['Customer', numeric('MRR'), 'Health', 'Risk', 'Top reason']} />
              <tbody>
                {o.atRisk.top.map((c) => (
                  <tr key={c.id} data-testid="at-risk-row">
                    <td>
                      <Link href={links.customer(c.id)}>{c.name ?? c.id}</Link>
                      {c.planName && <span className="muted cell-sub">{c.planName}</span>}
                    </td>
                    <td className="num">{formatMoney(c.mrr, o.currency, locale)}</td>
                    <td>{c.health ? <HealthBadge score={c.health.score} band={c.health.band} partial={c.health.partial} locale={locale} /> : <span className="muted">—</span>}</td>
                    <td>{c.risk === null ? <span className="muted">—</span> : <RiskBadge probability={c.risk} locale={locale} />}</td>
                    <td className="reason">{c.topReason ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </DataPanel>
  );
}

export function HealthTrend({ overview, locale, exportTarget }: { overview: Overview; locale?: string; exportTarget?: ExportTarget }) {
  const o = overview.data;
  const rows = o ? healthTrendRows(o.trend) : [];
  const last = rows.at(-1);
  const notes = o?.notes.filter((n) => n.figure === 'trend') ?? [];
  return (
    <ChartFrame
      title="Health trend"
      testId="health-trend"
      export={exportTarget}
      subtitle="Average score and customers per band, from the health snapshots of the last 90 days"
      loading={overview.isPending && !o}
      error={o ? null : overview.error}
      onRetry={() => void overview.refetch()}
      empty={o && rows.length === 0 ? <p className="muted">{notes[0]?.message ?? 'No health snapshots yet: the first is taken tonight.'}</p> : undefined}
      summary={last ? `On ${formatDay(last.day, locale)} the average score was ${formatScore(last.average, { locale })}, with ${last.high_risk} customers at high risk.` : ''}
      legend={[
        <LegendItem key="avg" color="var(--brand)" label="Average score" shape="line" />,
        ...(['high_risk', 'medium', 'healthy'] as const).map((b) => <LegendItem key={b} color={BAND_COLORS[b]} label={`${BAND_LABELS[b]} (customers)`} shape="line" />),
      ]}
      height={260}
      table={
        <table>
          <caption>Health trend</caption>
          <TableHead columns={['Day', 'Average', 'High risk', 'Medium', 'Healthy']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.day}>
                <td>{r.day}</td>
                <td>{r.average ?? '—'}</td>
                <td>{r.high_risk}</td>
                <td>{r.medium}</td>
                <td>{r.healthy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatDay(new Date(t).toISOString().slice(0, 10), locale)} tick={tick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={48} />
          <YAxis yAxisId="score" domain={[0, 100]} tick={tick} tickLine={false} axisLine={false} width={36} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={40} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => formatDay(new Date(Number(t)).toISOString().slice(0, 10), locale)} />
          <Line yAxisId="score" dataKey="average" name="Average score" stroke="var(--brand)" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
          {(['high_risk', 'medium', 'healthy'] as const).map((b) => (
            <Line key={b} yAxisId="count" dataKey={b} name={BAND_LABELS[b]} stroke={BAND_COLORS[b]} strokeWidth={1.5} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function OpenAlerts({ overview, links, locale, children, exportTarget }: { overview: Overview; links: Links; locale?: string; children?: ReactNode; exportTarget?: ExportTarget }) {
  return (
    <DataPanel title="Open alerts" testId="open-alerts" query={overview} export={exportTarget} actions={<Link className="chart-link" href={links.alerts} data-testid="open-alert-centre">Alert centre →</Link>} skeletonHeight={120}>
      {(o) => (
        <>
          <Notes overview={o} figure="alerts" />
          <p className="big-figure">
            <span data-testid="open-alerts-count">{formatCount(o.alerts.open, locale)}</span> <span className="muted">open</span>
          </p>
          {o.alerts.byKind.length > 0 && (
            <ul className="plain-list">
              {o.alerts.byKind.map((k) => (
                <li key={k.kind}>
                  <span>{k.kind in KIND_LABELS ? KIND_LABELS[k.kind as AlertRuleKind] : k.kind}</span> <strong>{formatCount(k.open, locale)}</strong>
                </li>
              ))}
            </ul>
          )}
          {children}
        </>
      )}
    </DataPanel>
  );
}

