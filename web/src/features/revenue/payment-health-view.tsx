// Payment health over the range: headline cards (success rate, failed, refunds, disputes,
// recovered), charges by month with the success rate, and failures by reason.
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { MetricCard } from '../../components/metric-card.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { declineRows, healthSeries } from './payment-health.js';
import type { OnExplain } from './figure.js';
import type { PaymentsHealth } from './schemas.js';
import { numeric, TableHead } from '../../components/table-head.js';

const SUCCEEDED = '#16a34a';
const FAILED = '#dc2626';
const RATE = '#6366f1';

export function PaymentCards({ health, locale, onExplain }: { health: PaymentsHealth | undefined; locale?: string; onExplain?: OnExplain }) {
  const money = (amount: number) => (health ? formatMoney(amount, health.currency, locale) : '');
  const count = (n: number, one: string, many: string) => `${formatCount(n, locale)} ${n === 1 ? one : many}`;
  return (
    <div className="metric-grid metric-grid-5" data-testid="payment-cards">
      <MetricCard
        testId="payments-success-rate"
        label="Success rate"
        value={health ? formatPercent(health.successRate.value, { locale }) : undefined}
        detail={health && count(health.succeeded.count + health.failed.count, 'charge', 'charges')}
      />
      <MetricCard
        testId="payments-failed"
        label="Failed payments"
        value={health ? money(health.failed.amount) : undefined}
        detail={health && count(health.failed.count, 'charge', 'charges')}
        figure="failed-payments"
        onExplain={health && onExplain ? () => onExplain({ metric: 'failed_payments', from: health.from, to: health.to, title: 'Failed payments', note: `The card shows these ${formatCount(health.failed.count, locale)} charges' value (${money(health.failed.amount)}); the lines count them by customer.` }) : undefined}
      />
      <MetricCard testId="payments-recovered" label="Recovered" value={health ? money(health.recovered.amount) : undefined} detail={health && `${count(health.recovered.count, 'charge', 'charges')} paid after a failure`} />
      <MetricCard testId="payments-refunds" label="Refunds" value={health ? money(health.refunds.amount) : undefined} detail={health && count(health.refunds.count, 'refund', 'refunds')} />
      <MetricCard
        testId="payments-disputes"
        label="Disputes"
        value={health ? money(health.disputes.amount) : undefined}
        detail={health && `${count(health.disputes.count, 'dispute', 'disputes')}, ${formatCount(health.disputes.lost, locale)} lost`}
      />
    </div>
  );
}

export function ChargesChart({ health, loading, error, onRetry, locale, exportTarget }: { health: PaymentsHealth | undefined; loading: boolean; error: unknown; onRetry: () => void; locale?: string; exportTarget?: ExportTarget }) {
  const points = health ? healthSeries(health, locale) : [];
  const none = health !== undefined && health.succeeded.count + health.failed.count === 0;
  const summary = health
    ? `${formatCount(health.succeeded.count, locale)} charges succeeded and ${formatCount(health.failed.count, locale)} failed; success rate ${formatPercent(health.successRate.value, { locale })}.`
    : '';
  return (
    <ChartFrame
      title="Charges by month"
      testId="charges-chart"
      export={exportTarget}
      subtitle="Successful and failed charges, with the success rate"
      loading={loading && !health}
      error={error}
      onRetry={onRetry}
      empty={none ? <p className="muted">No charges in this range.</p> : undefined}
      summary={summary}
      height={260}
      legend={
        <>
          <LegendItem color={SUCCEEDED} label="Succeeded" />
          <LegendItem color={FAILED} label="Failed" />
          <LegendItem color={RATE} label="Success rate" shape="line" />
        </>
      }
      table={
        <table>
          <caption>Charges by month</caption>
          <thead>
            <tr>
              <th>Month</th>
              <th>Succeeded</th>
              <th>Failed</th>
              <th>Success rate</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.period}>
                <td>{p.label}</td>
                <td>{p.succeeded}</td>
                <td>{p.failed}</td>
                <td>{formatPercent(p.successRate, { locale })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={12} />
          <YAxis yAxisId="count" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} width={44} allowDecimals={false} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v, { locale, digits: 0 })}
            tick={{ fontSize: 12, fill: 'var(--text-muted)' }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 13 }}
            formatter={(value, name) => (name === 'Success rate' ? formatPercent(typeof value === 'number' ? value : null, { locale }) : formatCount(Number(value), locale))}
          />
          <Bar yAxisId="count" dataKey="succeeded" name="Succeeded" stackId="charges" fill={SUCCEEDED} radius={[0, 0, 0, 0]} maxBarSize={36} isAnimationActive={false} />
          <Bar yAxisId="count" dataKey="failed" name="Failed" stackId="charges" fill={FAILED} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
          <Line yAxisId="rate" dataKey="successRate" name="Success rate" stroke={RATE} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function DeclinesView({ health, locale }: { health: PaymentsHealth; locale?: string }) {
  const rows = declineRows(health);
  if (rows.length === 0) return <p className="muted">No failed payments in this range.</p>;
  const widest = Math.max(...rows.map((r) => r.count), 1);
  return (
    <table className="bar-table" data-testid="declines">
      <caption className="visually-hidden">Failed payments by reason</caption>
      <TableHead columns={['Reason', numeric('Failures'), numeric('Amount')]} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.code}>
            <th scope="row" className="bar-table-label">
              <span className="bar-table-name" title={r.code}>
                {r.label}
              </span>
              <span className="bar-table-track" aria-hidden="true">
                <span className="bar-table-fill bar-table-fill-negative" style={{ width: `${Math.max(1, (r.count / widest) * 100)}%` }} />
              </span>
            </th>
            <td className="num">{formatCount(r.count, locale)}</td>
            <td className="num">{formatMoney(r.amount, health.currency, locale)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {/* The reasons are the failed card's amount apportioned: they add up to it exactly. */}
        <tr data-testid="declines-total">
          <th scope="row">All failed payments</th>
          <td className="num">{formatCount(health.failed.count, locale)}</td>
          <td className="num" data-figure="failed-payments">{formatMoney(health.failed.amount, health.currency, locale)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
