// The live activity feed: the latest signups, upgrades, downgrades, payments, failures and churn,
// newest first, filled from the live feed (replayed on connect, then as it happens).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNow } from '../live/use-now.js';
import { formatAge } from '../../lib/format.js';
import { activityKey, type ActivityItem } from './activity.js';
import { activityLine } from './activity-view.js';

const SHOWN = 25;

export function useActivity(workspaceId: string): ActivityItem[] {
  const queryClient = useQueryClient();
  const key = activityKey(workspaceId);
  // Written by the live sync (app/live-sync.ts); the "fetch" only reads what is cached.
  const query = useQuery({ queryKey: key, queryFn: () => queryClient.getQueryData<ActivityItem[]>(key) ?? [], staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY });
  return query.data ?? [];
}

export function ActivityFeed({ workspaceId, customerHref, locale }: { workspaceId: string; customerHref: (id: string) => string; locale?: string }) {
  const items = useActivity(workspaceId);
  const now = useNow(15_000);
  return (
    <section className="panel activity" aria-labelledby="activity-title" data-testid="activity-feed">
      <h2 className="panel-title" id="activity-title">
        Live activity
      </h2>
      {items.length === 0 ? (
        <div className="activity-empty">
          <p>Waiting for activity.</p>
          <p className="muted">Signups, upgrades, downgrades, payments, failed payments and churn appear here the moment Stripe or PayPal tells Revpulse about them.</p>
        </div>
      ) : (
        <ol className="activity-list" aria-live="polite" aria-relevant="additions">
          {items.slice(0, SHOWN).map((item) => {
            const line = activityLine(item, locale);
            return (
              <li key={line.id} className="activity-item" data-testid="activity-item" data-kind={line.kind}>
                <span className="activity-icon" style={{ background: line.color }} aria-hidden="true">
                  {line.icon}
                </span>
                <div className="activity-text">
                  <p className="activity-who">
                    {item.customerId ? <a href={customerHref(item.customerId)}>{line.who}</a> : line.who}
                  </p>
                  <p className="activity-what">{line.what}</p>
                </div>
                <div className="activity-side">
                  {line.amount && (
                    <p className="activity-amount" data-tone={line.tone}>
                      {line.amount}
                    </p>
                  )}
                  <p className="activity-time">
                    <time dateTime={line.at} title={new Date(line.at).toLocaleString(locale)}>
                      {formatAge(Math.max(0, now - Date.parse(line.at)))}
                    </time>
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
