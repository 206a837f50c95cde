import type { Freshness } from '../features/live/freshness.js';
import { LiveIndicator } from '../features/live/live-indicator.js';

export type TopBarProps = {
  /** Undefined while loading; null when there is no workspace to name. */
  workspaceName: string | null | undefined;
  freshness: Freshness | null;
};

export function TopBar({ workspaceName, freshness }: TopBarProps) {
  return (
    <header className="top-bar">
      <div className="top-bar-inner">
        <a className="brand" href="/" aria-label="Revpulse home">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <path d="M5 17h6l3-7 4 13 3-6h6" />
          </svg>
          <span className="brand-name">Revpulse</span>
        </a>
        {workspaceName === undefined ? (
          <span className="skeleton workspace-skeleton" aria-hidden="true" />
        ) : (
          workspaceName !== null && (
            <span className="workspace-name" data-testid="workspace-name">
              {workspaceName}
            </span>
          )
        )}
        <div className="top-bar-end">{freshness && <LiveIndicator freshness={freshness} />}</div>
      </div>
    </header>
  );
}
