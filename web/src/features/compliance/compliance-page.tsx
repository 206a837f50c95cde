// The Compliance screen (owners and admins): GDPR requests about end customers, the retention
// policy and its runs, and the compliance report.
import type { ScreenProps } from '../../app/screen-props.js';
import { ComplianceReportPanel } from './compliance-report-panel.js';
import { GdprRequestsPanel } from './requests-panel.js';
import { RetentionPanel } from './retention-panel.js';

export function CompliancePage({ workspace }: ScreenProps) {
  return (
    <div className="compliance">
      <GdprRequestsPanel workspaceId={workspace.id} />
      <RetentionPanel workspaceId={workspace.id} />
      <ComplianceReportPanel workspaceId={workspace.id} />
    </div>
  );
}
