// The Compliance screen (owners and admins): GDPR requests about end customers, the retention
// policy and its runs, and the compliance report.
import type { ScreenProps } from '../../app/screen-props.js';
import { ComplianceReportPanel } from './compliance-report-panel.js';
import { GdprRequestsPanel } from './requests-panel.js';
import { RetentionPanel } from './retention-panel.js';

export function CompliancePage({ workspace, locale }: ScreenProps) {
  if (workspace.role !== 'owner' && workspace.role !== 'admin') {
    return <p className="muted" data-testid="compliance-forbidden">The Compliance screen is for the workspace's owners and admins: ask one of them for a GDPR request or the retention policy.</p>;
  }
  return (
    <div className="compliance">
      <GdprRequestsPanel workspaceId={workspace.id} {...(locale ? { locale } : {})} />
      <RetentionPanel workspaceId={workspace.id} />
      <ComplianceReportPanel workspaceId={workspace.id} />
    </div>
  );
}
