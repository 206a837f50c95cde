// One customer: who they are, their health (with its components) and churn risk (with its
// reasons), usage against their plan's limits, tickets and NPS answers, one activity timeline of
// billing and product events, their MRR over time, every movement with the source event that
// caused it, their subscriptions, invoices and payments.
import type { ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorNotice } from '../../app/error-notice.js';
import { Link } from '../../app/link.js';
import { withParams } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import { MOVEMENT_STYLE } from '../../components/movement-kinds.js';
import { Skeleton } from '../../components/skeleton.js';
import { numeric, TableHead, type Column } from '../../components/table-head.js';
import { ApiError, errorMessage } from '../../lib/api-client.js';
import { formatDay, utcDay } from '../../lib/calendar.js';
import { formatCount, formatMoney, formatMoneyChange } from '../../lib/format.js';
import { formatMoneyCompact } from '../../components/chart-format.js';
import { reasonLabel } from '../revenue/payment-health.js';
import { movementRows, mrrTimeline, subscriptionNote } from './customer-detail.js';
import { STATUS_LABELS } from './filters.js';
import type { CustomerResponse as CustomerDetail } from '@read/customers/contract.js';
import { useCustomer } from './use-customers.js';
import { ActivityTimeline, HealthPanel, NpsResponsesPanel, RiskPanel, TicketsPanel, UsagePanel } from './customer-success-panels.js';
import '../success/success.css';

const LINE_COLORS = ['#6366f1', '#16a34a', '#f59e0b', '#0891b2'];

const day = (iso: string | null, locale?: string) => (iso ? formatDay(iso.slice(0, 10), locale) : '—');

export function CustomerPage({ workspace, locale, customerId }: ScreenProps & { customerId: string }) {
  const detail = useCustomer(workspace.id, customerId);
  const back = withParams('/customers', '', { workspace: workspace.id });
  const backLink = (
    <Link href={back} className="back-link" data-testid="back-to-customers">
      ← All customers
    </Link>
  );
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="screen">
        {backLink}
        <ErrorNotice title={missing ? 'No such customer' : 'Could not load the customer'} message={errorMessage(detail.error)} onRetry={missing ? undefined : () => void detail.refetch()} />
      </div>
    );
  }
  if (!detail.data) {
    return (
      <div className="screen" aria-busy="true">
        {backLink}
        <Skeleton height={96} />
        <Skeleton height={280} />
        <Skeleton height={240} />
      </div>
    );
  }
  return <CustomerDetailView detail={detail.data} backLink={backLink} locale={locale} workspaceId={workspace.id} />;
}

function CustomerDetailView({ detail, backLink, locale, workspaceId }: { detail: CustomerDetail; backLink: ReactNode; locale?: string; workspaceId: string }) {
  const success = { workspaceId, customerId: detail.customer.id, locale };
  const c = detail.customer;
  const title = c.name ?? c.email ?? c.id;
  const currencies = Object.entries(c.mrrByCurrency).filter(([, v]) => v !== 0);
  return (
    <div className="screen customer-screen" data-testid="customer-page">
      {backLink}
      <section className="panel customer-header">
        <div className="customer-identity">
          <h2 className="customer-name" data-testid="customer-name">
            {title}
          </h2>
          <p className="customer-meta">
            <span className="status-badge" data-status={c.status}>
              {STATUS_LABELS[c.status]}
              {c.cancelScheduled ? ' · cancelling' : ''}
            </span>
            {c.email && c.name && <span>{c.email}</span>}
            {c.country && <span>{c.country}</span>}
            <code>{c.id}</code>
            {c.deleted && <span className="badge badge-critical">deleted at its source</span>}
          </p>
        </div>
        <dl className="customer-facts">
          <div>
            <dt>MRR</dt>
            <dd data-testid="customer-mrr">{currencies.length === 0 ? formatMoney(0, c.currency ?? 'usd', locale) : currencies.map(([cur, v]) => formatMoney(v, cur, locale)).join(' + ')}</dd>
          </div>
          <div>
            <dt>Plan</dt>
            <dd>{c.planName ?? '—'}</dd>
          </div>
          <div>
            <dt>Signed up</dt>
            <dd>{c.signupDay ? formatDay(c.signupDay, locale) : '—'}</dd>
          </div>
          <div>
            <dt>First paid</dt>
            <dd>{c.firstPaidDay ? formatDay(c.firstPaidDay, locale) : '—'}</dd>
          </div>
        </dl>
      </section>

      <div className="screen-grid-2">
        <HealthPanel {...success} />
        <RiskPanel {...success} />
      </div>
      <div className="screen-grid-2">
        <UsagePanel {...success} />
        <NpsResponsesPanel {...success} />
      </div>
      <TimelineChart detail={detail} locale={locale} />
      <div className="screen-grid-2">
        <ActivityTimeline {...success} />
        <TicketsPanel {...success} />
      </div>
      <MovementsTable detail={detail} locale={locale} />
      <SubscriptionsTable detail={detail} locale={locale} />
      <div className="screen-grid-2">
        <InvoicesTable detail={detail} locale={locale} />
        <PaymentsTable detail={detail} locale={locale} />
      </div>
    </div>
  );
}

function TimelineChart({ detail, locale }: { detail: CustomerDetail; locale?: string }) {
  const timeline = mrrTimeline(detail, utcDay(new Date()));
  const main = timeline.currencies[0] ?? 'usd';
  const last = timeline.points[timeline.points.length - 1];
  const summary = last ? `MRR now ${timeline.currencies.map((cur) => formatMoney(Number(last[cur] ?? 0), cur, locale)).join(' and ')}, after ${detail.movements.length} movements.` : 'No MRR yet.';
  return (
    <ChartFrame
      title="MRR over time"
      testId="customer-timeline"
      subtitle="End-of-day MRR in each billing currency"
      summary={summary}
      height={240}
      empty={timeline.points.length === 0 ? <p className="muted">This customer has never had MRR: trials, free plans and unpaid subscriptions do not count.</p> : undefined}
      legend={timeline.currencies.length > 1 ? timeline.currencies.map((cur, i) => <LegendItem key={cur} color={LINE_COLORS[i % LINE_COLORS.length]!} label={cur.toUpperCase()} />) : undefined}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={timeline.points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => formatDay(new Date(t).toISOString().slice(0, 10), locale)}
            tick={{ fontSize: 12, fill: 'var(--text-muted)' }}
            tickLine={false}
            axisLine={{ stroke: 'var(--border)' }}
            minTickGap={40}
          />
          <YAxis tickFormatter={(v: number) => formatMoneyCompact(v, main, locale)} tick={{ fontSize: 12, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} width={64} />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 13 }}
            labelFormatter={(t) => formatDay(new Date(Number(t)).toISOString().slice(0, 10), locale)}
            formatter={(value, name) => formatMoney(Number(value), String(name), locale)}
          />
          {timeline.currencies.map((cur, i) => (
            <Area key={cur} dataKey={cur} name={cur} type="stepAfter" stroke={LINE_COLORS[i % LINE_COLORS.length]} fill={LINE_COLORS[i % LINE_COLORS.length]} fillOpacity={0.12} strokeWidth={2} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function MovementsTable({ detail, locale }: { detail: CustomerDetail; locale?: string }) {
  return (
    <TablePanel
      testId="customer-movements"
      title="Movements"
      subtitle="Every change of MRR and the source event that caused it"
      empty="No MRR movement yet."
      columns={['Day', 'Movement', numeric('Change'), numeric('MRR after'), 'Cause']}
      rows={movementRows(detail, locale)}
      row={(m, i) => (
        <tr key={`${m.eventId}-${m.currency}-${i}`} data-testid="movement-row">
          <td>{m.when}</td>
          <td>
            <span className="movement-kind">
              <span className="movement-dot" style={{ background: MOVEMENT_STYLE[m.movement].color }} aria-hidden="true" />
              {m.label}
            </span>
          </td>
          <td className="num" data-tone={m.amount > 0 ? 'up' : m.amount < 0 ? 'down' : 'zero'}>
            {formatMoneyChange(m.amount, m.currency, locale)}
          </td>
          <td className="num">{formatMoney(m.mrr, m.currency, locale)}</td>
          <td className="cause">
            <span>{m.cause}</span> <code title={m.eventAt ? `received ${new Date(m.eventAt).toLocaleString(locale)}` : undefined}>{m.eventId}</code>
          </td>
        </tr>
      )}
    />
  );
}

function SubscriptionsTable({ detail, locale }: { detail: CustomerDetail; locale?: string }) {
  return (
    <TablePanel
      testId="customer-subscriptions"
      title="Subscriptions"
      empty="No subscription."
      columns={['Plan', 'Status', numeric('MRR'), 'Started', 'Next', 'Subscription']}
      rows={detail.subscriptions}
      row={(s) => (
        <tr key={s.subscriptionId} className={s.counts ? undefined : 'row-muted'}>
          <td>
            {s.plans.length > 0 ? s.plans.map((p) => p.planName).join(' + ') : (s.plan?.planName ?? '—')}
            {s.items.length > 1 && <span className="muted"> · {formatCount(s.items.length, locale)} items</span>}
          </td>
          <td>{s.status.replace(/_/g, ' ')}</td>
          <td className="num">{formatMoney(s.mrr, s.currency, locale)}</td>
          <td>{day(s.startDate, locale)}</td>
          <td>{subscriptionNote(s, locale) || '—'}</td>
          <td>
            <code>{s.subscriptionId}</code>
          </td>
        </tr>
      )}
    />
  );
}

function InvoicesTable({ detail, locale }: { detail: CustomerDetail; locale?: string }) {
  return (
    <TablePanel
      testId="customer-invoices"
      title="Invoices"
      subtitle={newestFirst(detail.invoices.length)}
      empty="No invoice."
      columns={['Date', 'Number', 'Status', numeric('Total'), numeric('Paid')]}
      rows={detail.invoices}
      row={(inv) => (
        <tr key={inv.id}>
          <td>{day(inv.created, locale)}</td>
          <td>{inv.number ?? <code>{inv.id}</code>}</td>
          <td>{inv.status ?? '—'}</td>
          <td className="num">{formatMoney(inv.total, inv.currency, locale)}</td>
          <td className="num">{formatMoney(inv.amountPaid, inv.currency, locale)}</td>
        </tr>
      )}
    />
  );
}

function PaymentsTable({ detail, locale }: { detail: CustomerDetail; locale?: string }) {
  return (
    <TablePanel
      testId="customer-payments"
      title="Payments"
      subtitle={newestFirst(detail.payments.length)}
      empty="No payment."
      columns={['Date', 'Status', numeric('Amount'), numeric('Refunded')]}
      rows={detail.payments}
      row={(p) => (
        <tr key={p.id}>
          <td>{day(p.created, locale)}</td>
          <td>
            <span className="status-badge" data-status={p.status === 'succeeded' ? 'active' : p.status === 'failed' ? 'past_due' : undefined}>
              {p.status}
            </span>
            {p.status === 'failed' && <span className="muted"> · {reasonLabel(p.declineCode ?? p.failureCode ?? 'unknown')}</span>}
          </td>
          <td className="num">{formatMoney(p.amount, p.currency, locale)}</td>
          <td className="num">{p.amountRefunded ? formatMoney(p.amountRefunded, p.currency, locale) : '—'}</td>
        </tr>
      )}
    />
  );
}

/** Invoices and payments come newest first, at most 100 of them. */
const newestFirst = (count: number) => (count >= 100 ? 'The latest 100' : 'Newest first');

/** A panel of the customer's rows: its title (and subtitle), then the table, or `empty` when there are no rows. */
function TablePanel<T>({ testId, title, subtitle, empty, columns, rows, row }: { testId: string; title: string; subtitle?: string; empty: string; columns: readonly Column[]; rows: readonly T[]; row: (item: T, index: number) => ReactNode }) {
  const heading = <h2 className="panel-title">{title}</h2>;
  return (
    <section className="panel" data-testid={testId}>
      <header className="panel-header">
        {subtitle === undefined ? (
          heading
        ) : (
          <div>
            {heading}
            <p className="panel-subtitle">{subtitle}</p>
          </div>
        )}
      </header>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table numeric-table">
            <TableHead columns={columns} />
            <tbody>{rows.map(row)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
