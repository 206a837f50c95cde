import type { ReactNode } from 'react';
import { SignOutButton } from '../features/auth/sign-out-button.js';
import { Link } from './link.js';

export type TopBarProps = {
  /** Undefined while loading; null when there is no workspace to name. */
  workspaceName: string | null | undefined;
  /** The live indicator (absent without a workspace). */
  status?: ReactNode;
  /** The signed-in person's email; sign-out appears with it. */
  userEmail?: string | null;
  /** Where the brand link goes (it keeps the workspace in the URL). */
  workspaceQuery?: string;
  /** The other workspaces the person may switch to. */
  otherWorkspaces?: ReadonlyArray<{ id: string; name: string }>;
  /** The main navigation, under the bar. */
  nav?: ReactNode;
};

export function TopBar({ workspaceName, status = null, userEmail = null, workspaceQuery = '', otherWorkspaces = [], nav = null }: TopBarProps) {
  return (
    <header className="top-bar">
      <div className="top-bar-inner">
        <Link className="brand" href={`/${workspaceQuery}`} aria-label="Revpulse home">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <path d="M5 17h6l3-7 4 13 3-6h6" />
          </svg>
          <span className="brand-name">Revpulse</span>
        </Link>
        {workspaceName === undefined ? (
          <span className="skeleton workspace-skeleton" aria-hidden="true" />
        ) : (
          workspaceName !== null && (
            <span className="workspace-name" data-testid="workspace-name">
              {workspaceName}
            </span>
          )
        )}
        {otherWorkspaces.length > 0 && (
          <select
            className="workspace-switch"
            aria-label="Switch workspace"
            value=""
            onChange={(e) => window.location.assign(`${window.location.pathname}?workspace=${encodeURIComponent(e.target.value)}`)}
          >
            <option value="" disabled>
              Switch…
            </option>
            {otherWorkspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        )}
        <div className="top-bar-end">
          {status}
          {userEmail && (
            <>
              <span className="user-email" title={userEmail}>
                {userEmail}
              </span>
              <SignOutButton />
            </>
          )}
        </div>
      </div>
      {nav}
    </header>
  );
}
