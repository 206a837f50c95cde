// The Revenue screen: the monthly movements table (exactly GET /v1/metrics/monthly for the
// months of the selected range), MRR by plan and by currency with the FX adjustment at the end
// of the range, and payment health over the range.
import type { ScreenProps } from '../../app/screen-props.js';
import { useDateRange } from '../../app/use-date-range.js';
import { rangeLabel } from '../../app/date-range.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ConnectStripeEmptyState } from '../../components/empty-state.js';
import { useExplainer } from '../../components/explain/explain-context.js';
import { ExportMenu } from '../../components/export-menu.js';
import { Skeleton } from '../../components/skeleton.js';
import { errorMessage } from '../../lib/api-client.js';
import { firstDayOf, lastDayOf, monthOf } from '../../lib/calendar.js';
import { formatMoney } from '../../lib/format.js';
import { currencyPanelSubtitle, planPanelSubtitle } from './panel-labels.js';
import { currencyTable } from './currency-breakdown.js';
import { CurrencyTableView } from './currency-table-view.js';
import type { OnExplain } from './figure.js';
import { monthlyTableRows, monthSpan } from './monthly-table.js';
import { MonthlyTableView } from './monthly-table-view.js';
import { ChargesChart, DeclinesView, PaymentCards } from './payment-health-view.js';
import { planBars } from './plan-breakdown.js';
import { PlanBarsView } from './plan-bars-view.js';
import { useByCurrency, useByPlan, useFxEffect, useMonthly, usePaymentsHealth } from './use-revenue.js';
import './figures.css';


export function RevenuePage({ workspace, locale }: ScreenProps) {
  const workspaceId = workspace.id;
  const onExplain: OnExplain = useExplainer();
  const { range } = useDateRange();
  const firstMonth = monthOf(range.from);
  const lastMonth = monthOf(range.to);
  const monthsFrom = firstDayOf(firstMonth);
  const monthsTo = lastDayOf(lastMonth);
  const monthly = useMonthly(workspaceId, range.from, range.to);
  const byPlan = useByPlan(workspaceId, range.to);
  const byCurrency = useByCurrency(workspaceId, range.to);
  const fx = useFxEffect(workspaceId, monthsFrom, monthsTo);
  const health = usePaymentsHealth(workspaceId, range.from, range.to);
  const label = rangeLabel(range, locale);
  const span = monthSpan(firstMonth, lastMonth, locale);

  const rows = monthly.data ? monthlyTableRows(monthly.data, locale) : [];
  const noData = monthly.data !== undefined && monthly.data.months.every((m) => m.mrr === 0 && m.customers === 0) && byCurrency.data?.mrr === 0;
  const settingsHref = `/settings/sources?workspace=${encodeURIComponent(workspaceId)}`;
  if (noData) return <ConnectStripeEmptyState origin={window.location.origin} settingsHref={settingsHref} />;

  const at = { workspace: workspaceId, date: range.to };
  const paymentsRange = { workspace: workspaceId, from: range.from, to: range.to, granularity: 'month' };
  return (
    <div className="screen revenue-screen" data-testid="revenue-screen">
      <section className="panel" data-testid="revenue-monthly" aria-busy={monthly.isPending || undefined}>
        <header className="panel-header">
          <div>
            <h2 className="panel-title">Monthly movements</h2>
            <p className="panel-subtitle">
              {span} · {monthly.data ? monthly.data.currency.toUpperCase() : ''} · click any figure to see the customers behind it
            </p>
          </div>
          {monthly.data && <ExportMenu target={{ path: '/v1/metrics/monthly', params: { workspace: workspaceId, from: firstMonth, to: lastMonth } }} title="Monthly movements" testId="revenue-monthly-export" />}
        </header>
        {monthly.isError ? (
          <ErrorNotice title="Could not load the monthly movements" message={errorMessage(monthly.error)} onRetry={() => void monthly.refetch()} />
        ) : !monthly.data ? (
          <Skeleton height={360} />
        ) : (
          <MonthlyTableView rows={rows} currency={monthly.data.currency} onExplain={onExplain} locale={locale} />
        )}
      </section>

      <div className="screen-grid-2 screen-grid-2-3">
        <section className="panel" data-testid="revenue-by-plan" aria-busy={byPlan.isPending || undefined}>
          <header className="panel-header">
            <div>
              <h2 className="panel-title">MRR by plan</h2>
              <p className="panel-subtitle" data-testid="revenue-by-plan-subtitle">
                {planPanelSubtitle(range, locale)}
              </p>
            </div>
            {byPlan.data && <ExportMenu target={{ path: '/v1/metrics/by-plan', params: at }} title="MRR by plan" testId="revenue-by-plan-export" />}
          </header>
          {byPlan.isError ? (
            <ErrorNotice title="Could not load MRR by plan" message={errorMessage(byPlan.error)} onRetry={() => void byPlan.refetch()} />
          ) : !byPlan.data ? (
            <Skeleton height={240} />
          ) : byPlan.data.plans.length === 0 ? (
            <p className="muted">No paying customers at the end of the range.</p>
          ) : (
            <PlanBarsView bars={planBars(byPlan.data)} currency={byPlan.data.currency} total={byPlan.data.mrr} locale={locale} date={byPlan.data.date} onExplain={onExplain} />
          )}
        </section>

        <section className="panel" data-testid="revenue-by-currency" aria-busy={byCurrency.isPending || undefined}>
          <header className="panel-header">
            <div>
              <h2 className="panel-title">MRR by currency</h2>
              <p className="panel-subtitle" data-testid="revenue-by-currency-subtitle">
                {currencyPanelSubtitle(range, span, locale)}
                {fx.data ? ` (${formatMoney(fx.data.total, fx.data.currency, locale)} in total)` : ''}
              </p>
            </div>
            {byCurrency.data && <ExportMenu target={{ path: '/v1/metrics/by-currency', params: at }} title="MRR by currency" testId="revenue-by-currency-export" />}
          </header>
          {byCurrency.isError || fx.isError ? (
            <ErrorNotice
              title="Could not load MRR by currency"
              message={errorMessage(byCurrency.error ?? fx.error)}
              onRetry={() => (void byCurrency.refetch(), void fx.refetch())}
            />
          ) : !byCurrency.data ? (
            <Skeleton height={240} />
          ) : (
            <CurrencyTableView
              table={currencyTable(byCurrency.data, fx.data ?? null)}
              reporting={byCurrency.data.currency}
              date={byCurrency.data.date}
              fxFrom={monthsFrom}
              fxTo={monthsTo}
              rangeLabel={span}
              onExplain={onExplain}
              locale={locale}
            />
          )}
        </section>
      </div>

      <section className="screen-section" data-testid="payment-health" aria-labelledby="payment-health-title">
        <h2 className="rev-section-title" id="payment-health-title">
          Payment health <span className="rev-section-note">{label}</span>
        </h2>
        {health.isError ? (
          <ErrorNotice title="Could not load payment health" message={errorMessage(health.error)} onRetry={() => void health.refetch()} />
        ) : (
          <>
            <PaymentCards health={health.data} locale={locale} onExplain={onExplain} />
            <div className="screen-grid-2">
              <ChargesChart health={health.data} loading={health.isPending} error={null} onRetry={() => void health.refetch()} locale={locale} exportTarget={{ path: '/v1/payments/health', params: paymentsRange }} />
              <section className="panel" data-testid="failures-by-reason">
                <header className="panel-header">
                  <div>
                    <h2 className="panel-title">Failures by reason</h2>
                    <p className="panel-subtitle">Decline codes of failed charges</p>
                  </div>
                  {health.data && <ExportMenu target={{ path: '/v1/payments/health', params: { ...paymentsRange, table: 'declines' } }} title="Failures by reason" testId="failures-by-reason-export" />}
                </header>
                {health.data ? <DeclinesView health={health.data} locale={locale} /> : <Skeleton height={200} />}
              </section>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
