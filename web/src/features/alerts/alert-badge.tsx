// The alerts' presence outside the alert centre: the count of open alerts beside "Success" in the
// navigation, and a toast for each alert the live feed says opened (live-sync.ts refreshes the
// queries; this only tells the person). Hidden for roles that cannot read customer success.
import { useEffect, useState } from 'react';
import { Link } from '../../app/link.js';
import { withParams } from '../../app/navigation.js';
import { useLiveMessages } from '../live/live-context.js';
import { useSession } from '../auth/use-session.js';
import { useOpenAlertCount } from './alerts-api.js';
import { alertToast } from './alert-view.js';
import './alerts.css';

const TOAST_MS = 8_000;

/** Whether the signed-in person's role in the workspace reads customer success (success:read). */
function useReadsSuccess(workspaceId: string): boolean {
  const session = useSession();
  const role = session.data?.workspaces.find((w) => w.id === workspaceId)?.role;
  return role !== undefined && role !== 'billing';
}

export function AlertBadge({ workspaceId }: { workspaceId: string }) {
  const count = useOpenAlertCount(workspaceId, useReadsSuccess(workspaceId));
  const open = count.data ?? 0;
  if (open === 0) return null;
  return (
    <span className="nav-badge" data-testid="alerts-badge" aria-label={`${open} open ${open === 1 ? 'alert' : 'alerts'}`}>
      {open > 99 ? '99+' : open}
    </span>
  );
}

type Toast = { id: number; text: string };

export function AlertToasts({ workspaceId }: { workspaceId: string }) {
  const reads = useReadsSuccess(workspaceId);
  const [toasts, setToasts] = useState<Toast[]>([]);
  useLiveMessages((message) => {
    if (!reads) return;
    const text = alertToast(message.type, message.data);
    // A replayed message (the first connection fills the feed with recent ones) is old news.
    const fresh = message.at === null || Date.now() - Date.parse(message.at) < 5 * 60_000;
    if (text && fresh) setToasts((list) => [...list.slice(-2), { id: message.seq ?? Date.now(), text }]);
  });
  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = setTimeout(() => setToasts((list) => list.slice(1)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toasts]);
  if (toasts.length === 0) return null;
  return (
    <div className="toast-stack" role="status" aria-live="polite" data-testid="alert-toasts">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <span>{t.text}</span>
          <Link href={withParams('/success/alerts', '', { workspace: workspaceId })}>Open alerts</Link>
        </div>
      ))}
    </div>
  );
}
