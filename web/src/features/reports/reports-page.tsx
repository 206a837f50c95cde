// Reports (/reports and its tabs): the built-in and custom reports with their period, preview,
// downloads and "Send now"; and, for roles with reports:manage, schedules, the delivery log and the
// custom report builder. Roles without reports:manage see the reports tab alone.
import { Link } from '../../app/link.js';
import { withParams } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { EmptyState } from '../../components/empty-state.js';
import { CustomReportsPanel } from './custom-reports-panel.js';
import { DeliveryLog } from './delivery-log.js';
import { ReportList } from './report-list.js';
import { mayManageReports, mayReadReports, reportsTabAt, tabsFor } from './report-tabs.js';
import { SchedulesPanel } from './schedules-panel.js';
import '../revenue/figures.css';
import './reports.css';

export function ReportsScreen(props: ScreenProps) {
  const { workspace, pathname } = props;
  const tab = reportsTabAt(pathname);
  const tabs = tabsFor(workspace.role);
  const href = (path: string) => withParams(path, '', { workspace: workspace.id });
  if (!mayReadReports(workspace.role)) {
    return (
      <EmptyState title="Reports are not part of the billing role" testId="reports-forbidden">
        <p>Ask an owner or admin for a reading role to see, download and receive reports.</p>
      </EmptyState>
    );
  }
  const allowed = !tab.manage || mayManageReports(workspace.role);
  return (
    <div className="screen reports-screen" data-testid="reports-screen">
      {tabs.length > 1 && (
        <nav className="tabs reports-tabs" aria-label="Reports">
          {tabs.map((t) => (
            <Link key={t.id} href={href(t.path)} className="tab" aria-current={t.id === tab.id ? 'page' : undefined} data-testid={`reports-tab-${t.id}`}>
              {t.title}
            </Link>
          ))}
        </nav>
      )}
      {!allowed ? (
        <EmptyState title={`${tab.title}: for owners, admins and analysts`} testId="reports-manage-forbidden">
          <p>
            Schedules, the delivery log and custom reports need the reports:manage permission. You can still <Link href={href('/reports')}>read and preview every report</Link>.
          </p>
        </EmptyState>
      ) : tab.id === 'schedules' ? (
        <SchedulesPanel {...props} />
      ) : tab.id === 'deliveries' ? (
        <DeliveryLog {...props} />
      ) : tab.id === 'custom' ? (
        <CustomReportsPanel {...props} />
      ) : (
        <ReportList {...props} />
      )}
    </div>
  );
}
