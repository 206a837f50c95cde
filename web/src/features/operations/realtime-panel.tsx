import { useExplainer } from '../../components/explain/explain-context.js';
import { Skeleton } from '../../components/skeleton.js';
import { useChangeFlash } from '../../components/use-change-flash.js';
import type { Tile } from './operations-model.js';

function RealtimeTile({ tile }: { tile: Tile }) {
  const explain = useExplainer();
  const flash = useChangeFlash(tile.raw, 'x');
  const target = tile.explain;
  return (
    <div className="rt-tile" data-testid={tile.testId} data-changed={flash ? 'true' : undefined}>
      {flash && <span key={flash.id} className="metric-flash" aria-hidden="true" />}
      <p className="rt-label">{tile.label}</p>
      {tile.value === undefined ? (
        <Skeleton height={32} width="60%" />
      ) : target ? (
        <button type="button" className="rt-value rt-button" data-testid="metric-value" data-figure={tile.figure} onClick={() => explain(target)} aria-label={`${tile.label}: ${tile.value}. Explain this figure`}>
          {tile.value}
        </button>
      ) : tile.href ? (
        <a className="rt-value rt-button" data-testid="metric-value" data-figure={tile.figure} href={tile.href} aria-label={`${tile.label}: ${tile.value}. Show them`}>
          {tile.value}
        </a>
      ) : (
        <p className="rt-value" data-testid="metric-value" data-figure={tile.figure}>
          {tile.value}
        </p>
      )}
      {flash && flash.delta !== null && flash.delta !== 0 && (
        <span key={`d${flash.id}`} className="metric-delta" data-direction={flash.delta > 0 ? 'up' : 'down'} aria-hidden="true">
          {flash.delta > 0 ? '▲' : '▼'}
        </span>
      )}
      {tile.caption && <p className="rt-caption">{tile.caption}</p>}
    </div>
  );
}

/** The real-time panel: the five figures that move as webhooks arrive. Always now: `note` says
 *  so when the selected range ends before today (nowNote). */
export function RealtimePanel({ tiles, note = null }: { tiles: Tile[]; note?: string | null }) {
  return (
    <section className="panel realtime" aria-labelledby="realtime-title" data-testid="realtime-panel">
      <h2 className="panel-title" id="realtime-title">
        <span className="live-dot live-dot-inline" aria-hidden="true" /> Right now
      </h2>
      {note && (
        <p className="muted" data-testid="realtime-note">
          {note}
        </p>
      )}
      <div className="rt-grid" aria-live="polite">
        {tiles.map((t) => (
          <RealtimeTile key={t.key} tile={t} />
        ))}
      </div>
    </section>
  );
}
