import { Skeleton } from '../../components/skeleton.js';
import type { TargetView } from './operations-model.js';

/** This month's target, now (`note` says so when the selected range ends before today). */
export function TargetsPanel({ view, settingsHref, canEdit, note = null }: { view: TargetView | null; settingsHref: string; canEdit: boolean; note?: string | null }) {
  return (
    <section className="panel targets" aria-labelledby="targets-title" data-testid="targets-panel">
      <h2 className="panel-title" id="targets-title">
        Monthly target
      </h2>
      {note && (
        <p className="muted" data-testid="targets-note">
          {note}
        </p>
      )}
      {view === null ? (
        <Skeleton height={96} />
      ) : view.kind === 'none' ? (
        <div className="targets-empty">
          <p>No monthly MRR target yet.</p>
          <p className="muted">
            With one, this panel says how many days it takes at the current pace and how much MRR a day you need to reach it this month.{' '}
            {canEdit ? <a href={settingsHref}>Set a target</a> : 'An owner or admin can set it under Settings.'}
          </p>
        </div>
      ) : (
        <>
          <div className="target-progress">
            <p className="target-headline">
              <strong>{view.progressLabel}</strong> of {view.target}
            </p>
            <span className="progress progress-large" role="progressbar" aria-label="MRR against the monthly target" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(view.progress * 100)}>
              <span className="progress-fill" data-reached={view.reached} style={{ width: `${Math.min(100, view.progress * 100)}%` }} />
            </span>
          </div>
          <dl className="target-figures">
            <div data-testid="target-days">
              <dt>Days to target</dt>
              <dd>{view.daysToTarget}</dd>
              {view.daysToTargetNote && <dd className="muted target-note">{view.daysToTargetNote}</dd>}
            </div>
            <div data-testid="target-daily">
              <dt>Required daily growth</dt>
              <dd>{view.dailyAmount}</dd>
              <dd className="muted target-note">
                {view.dailyRate} compounded · {view.daysLeft} {view.daysLeft === 1 ? 'day' : 'days'} left this month
              </dd>
              {view.note && <dd className="muted target-note">{view.note}</dd>}
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
