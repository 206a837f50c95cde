import type { Freshness } from './freshness.js';

export function LiveIndicator({ freshness }: { freshness: Freshness }) {
  return (
    <div className="live-status" data-testid="live-status" data-state={freshness.state} role="status">
      {freshness.state === 'connecting' ? (
        <span className="spinner" aria-hidden="true" />
      ) : (
        <span className="live-dot" aria-hidden="true" />
      )}
      <span className="live-label">{freshness.label}</span>
    </div>
  );
}
