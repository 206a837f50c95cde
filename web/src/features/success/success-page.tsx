// The Customer success screen (/success and its tabs): the overview (health distribution,
// customers at risk, health trend, open alerts, expansion, onboarding, NPS), usage and NPS over
// the date range, the segmentation grid and the alert centre. Every panel loads and fails alone.
import { Link } from '../../app/link.js';
import { withParams } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useDateRange } from '../../app/use-date-range.js';
import { EmptyState } from '../../components/empty-state.js';
import { utcDay } from '../../lib/calendar.js';
import { AlertCentre } from '../alerts/alert-centre.js';
import { SegmentsGrid } from '../segments/segments-grid.js';
import { ExpansionPanel, NpsCard, OnboardingPanel } from './growth-panels.js';
import { AtRiskCustomers, HealthDistribution, HealthTrend, OpenAlerts } from './overview-panels.js';
import { useExpansion, useLtvByPlan, useNps, useOnboarding, useOverview, useUsage } from './success-api.js';
import { usageGranularity } from './success-view.js';
import { SUCCESS_TABS, successTabAt } from './success-tabs.js';
import { DailyActiveUsers, FeatureAdoption, LtvByPlan, NpsTrend, UsageByPlan } from './usage-panels.js';
import '../revenue/figures.css';
import './success.css';

const KEPT = ['workspace', 'range', 'from', 'to', 'compare'] as const;

export function SuccessScreen(props: ScreenProps) {
  const { workspace, pathname } = props;
  const tab = successTabAt(pathname);
  // Tabs keep the workspace and the date range, not one tab's own filters.
  const current = new URLSearchParams(props.search);
  const href = (path: string) => withParams(path, '', Object.fromEntries(KEPT.map((k) => [k, current.get(k) ?? undefined])));
  if (workspace.role === 'billing') {
    return (
      <EmptyState title="Customer success is not part of the billing role" testId="success-forbidden">
        <p>Ask an owner or admin for a reading role to see health, churn risk and alerts.</p>
      </EmptyState>
    );
  }
  return (
    <div className="screen success-screen" data-testid="success-screen">
      <nav className="tabs success-tabs" aria-label="Customer success">
        {SUCCESS_TABS.map((t) => (
          <Link key={t.id} href={href(t.path)} className="tab" aria-current={t.id === tab.id ? 'page' : undefined} data-testid={`success-tab-${t.id}`}>
            {t.title}
          </Link>
        ))}
      </nav>
      {tab.id === 'overview' ? <Overview {...props} /> : tab.id === 'usage' ? <Usage {...props} /> : tab.id === 'segments' ? <SegmentsGrid {...props} /> : <AlertCentre {...props} />}
    </div>
  );
}

function useRange() {
  const { range } = useDateRange(utcDay(new Date()));
  return { from: range.from, to: range.to };
}

function Overview({ workspace, locale }: ScreenProps) {
  const ws = workspace.id;
  const overview = useOverview(ws);
  const expansion = useExpansion(ws);
  const onboarding = useOnboarding(ws);
  const nps = useNps(ws, useRange());
  const customer = (id: string) => withParams(`/customers/${encodeURIComponent(id)}`, '', { workspace: ws });
  const links = {
    customer,
    customers: (query: Record<string, string>) => withParams('/customers', '', { ...query, workspace: ws }),
    alerts: withParams('/success/alerts', '', { workspace: ws }),
  };
  const overviewExport = (table: string) => ({ path: '/v1/success/overview', params: { workspace: ws, table } });
  return (
    <div className="success-overview">
      <div className="success-top">
        <HealthDistribution overview={overview} links={links} locale={locale} exportTarget={overviewExport('distribution')} />
        <div className="success-side">
          <NpsCard query={nps} locale={locale} />
          <OpenAlerts overview={overview} links={links} locale={locale} exportTarget={overviewExport('alerts')} />
        </div>
      </div>
      <AtRiskCustomers overview={overview} links={links} locale={locale} exportTarget={overviewExport('atRisk')} />
      <HealthTrend overview={overview} locale={locale} exportTarget={overviewExport('trend')} />
      <div className="screen-grid-2">
        <ExpansionPanel query={expansion} customerHref={customer} locale={locale} exportTarget={{ path: '/v1/success/expansion', params: { workspace: ws } }} />
        <OnboardingPanel query={onboarding} customerHref={customer} locale={locale} exportTarget={{ path: '/v1/success/onboarding', params: { workspace: ws } }} />
      </div>
    </div>
  );
}

function Usage({ workspace, locale }: ScreenProps) {
  const ws = workspace.id;
  const range = useRange();
  const granularity = usageGranularity(range.from, range.to);
  const usage = useUsage(ws, range, granularity);
  const nps = useNps(ws, range);
  const ltv = useLtvByPlan(ws);
  const usageExport = (table: string) => ({ path: '/v1/success/usage', params: { workspace: ws, ...range, granularity, table } });
  return (
    <div className="success-usage">
      <DailyActiveUsers query={usage} locale={locale} exportTarget={usageExport('dau')} />
      {/* Full width: the plan tables have five or more figure columns. */}
      <UsageByPlan query={usage} locale={locale} exportTarget={usageExport('plans')} />
      <FeatureAdoption query={usage} locale={locale} exportTarget={usageExport('adoption')} />
      <div className="screen-grid-2">
        <NpsTrend query={nps} locale={locale} exportTarget={{ path: '/v1/success/nps', params: { workspace: ws, ...range } }} />
        <LtvByPlan query={ltv} locale={locale} exportTarget={{ path: '/v1/metrics/ltv-by-plan', params: { workspace: ws } }} />
      </div>
    </div>
  );
}
