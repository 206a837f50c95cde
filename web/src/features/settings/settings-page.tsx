// The Settings area: tabs by role (Team, Workspace, API keys, Customer success, Plan limits,
// Alert rules, Unmatched accounts, Audit log, Security events for owners and admins; Sources for
// every member; Account for everyone), each a panel with its own queries.
import type { Session, Role } from '../auth/session.js';
import { AccountPanel } from './account-panel.js';
import { AccountsPanel } from './accounts-panel.js';
import { AlertRulesPanel } from './alert-rules-panel.js';
import { PlanLimitsPanel } from './plan-limits-panel.js';
import { SuccessSettingsPanel } from './success-settings-panel.js';
import { ApiKeysPanel } from './api-keys-panel.js';
import { AuditPanel, SecurityEventsPanel } from './log-panels.js';
import { settingsTabAt, settingsTabs } from './settings-tabs.js';
import { SourcesPanel } from './sources-panel.js';
import { TeamPanel } from './team-panel.js';
import { WorkspacePanel } from './workspace-panel.js';
import { BackupsPanel } from './backups-panel.js';
import { OutgoingWebhooksPanel } from './webhooks-panel.js';
import { SsoPanel } from './sso-panel.js';
import './settings.css';

export function SettingsPage({ pathname, session, workspaceId, role }: { pathname: string; session: Session; workspaceId: string | null; role: Role | null }) {
  const tab = settingsTabAt(pathname, role);
  const query = workspaceId ? `?workspace=${encodeURIComponent(workspaceId)}` : '';
  return (
    <div className="settings">
      <nav className="tabs" aria-label="Settings">
        {settingsTabs(role).map((t) => (
          <a key={t.id} href={`${t.path}${query}`} className="tab" aria-current={t.id === tab.id ? 'page' : undefined} data-testid={`settings-tab-${t.id}`}>
            {t.title}
          </a>
        ))}
      </nav>
      {tab.id === 'account' || !workspaceId || !role ? (
        <AccountPanel session={session} />
      ) : tab.id === 'team' ? (
        <TeamPanel workspaceId={workspaceId} role={role} selfId={session.user.id} selfMfa={session.user.signedInWithTotp} />
      ) : tab.id === 'workspace' ? (
        <WorkspacePanel workspaceId={workspaceId} />
      ) : tab.id === 'sources' ? (
        <SourcesPanel workspaceId={workspaceId} role={role} />
      ) : tab.id === 'api-keys' ? (
        <ApiKeysPanel workspaceId={workspaceId} role={role} />
      ) : tab.id === 'success' ? (
        <SuccessSettingsPanel workspaceId={workspaceId} />
      ) : tab.id === 'plan-limits' ? (
        <PlanLimitsPanel workspaceId={workspaceId} />
      ) : tab.id === 'alert-rules' ? (
        <AlertRulesPanel workspaceId={workspaceId} />
      ) : tab.id === 'accounts' ? (
        <AccountsPanel workspaceId={workspaceId} />
      ) : tab.id === 'webhooks' ? (
        <OutgoingWebhooksPanel workspaceId={workspaceId} />
      ) : tab.id === 'sso' ? (
        <SsoPanel workspaceId={workspaceId} />
      ) : tab.id === 'backups' ? (
        <BackupsPanel workspaceId={workspaceId} />
      ) : tab.id === 'audit' ? (
        <AuditPanel workspaceId={workspaceId} />
      ) : (
        <SecurityEventsPanel workspaceId={workspaceId} />
      )}
    </div>
  );
}
