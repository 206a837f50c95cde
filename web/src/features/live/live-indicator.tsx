// The live indicator in the top bar. With sources to show it is a button that opens the state of
// each source (and its error); otherwise a plain status.
import { useEffect, useRef, useState } from 'react';
import type { Freshness, LiveState } from './freshness.js';

function Icon({ state }: { state: LiveState }) {
  if (state === 'connecting' || state === 'syncing') return <span className="spinner" aria-hidden="true" />;
  return <span className="live-dot" aria-hidden="true" />;
}

export function LiveIndicator({ freshness, settingsHref }: { freshness: Freshness; settingsHref?: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const sources = freshness.sources ?? [];
  const body = (
    <>
      <Icon state={freshness.state} />
      <span className="live-label">{freshness.label}</span>
    </>
  );
  if (sources.length === 0) {
    return (
      <div className="live-status" data-testid="live-status" data-state={freshness.state} aria-live="polite">
        {body}
      </div>
    );
  }
  return (
    <div className="live-wrap" ref={box}>
      <button
        type="button"
        className="live-status live-button"
        data-testid="live-status"
        data-state={freshness.state}
        aria-expanded={open}
        aria-controls="live-sources"
        aria-label={`Data status: ${freshness.label}. Show each source`}
        onClick={() => setOpen((o) => !o)}
      >
        {body}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {freshness.label}
      </span>
      {open && (
        <div className="live-popover" id="live-sources" data-testid="live-sources">
          <p className="live-popover-title">Sources</p>
          <ul>
            {sources.map((s) => (
              <li key={s.id} data-state={s.state} data-testid="live-source">
                <span className="live-status-mini" data-state={s.state}>
                  <Icon state={s.state} />
                </span>
                <span className="live-source-name">{s.name}</span>
                <span className="live-source-label">{s.label}</span>
              </li>
            ))}
          </ul>
          {settingsHref && (
            <a className="live-popover-link" href={settingsHref}>
              Manage sources
            </a>
          )}
        </div>
      )}
    </div>
  );
}
