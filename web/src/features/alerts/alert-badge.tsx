// The alerts' presence outside the alert centre: the count of open alerts beside "Success" in the
// navigation, and a toast when the live feed says alerts opened (live-sync.ts refreshes the
// queries; this only tells the person). Hidden for roles that cannot read customer success.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
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

/** A run of alert messages is one toast ("12 new alerts"), shown until TOAST_MS after the last. */
type Toast = { count: number; text: string };

export function AlertToasts({ workspaceId }: { workspaceId: string }) {
  const reads = useReadsSuccess(workspaceId);
  const [toast, setToast] = useState<Toast | null>(null);
  const shownFrom = useRef(Date.now());
  useLiveMessages((message) => {
    if (!reads) return;
    // The feed replays recent messages on connecting: alerts opened before the page are not news.
    if (message.at && Date.parse(message.at) < shownFrom.current - 5_000) return;
    const text = alertToast(message.type, message.data);
    if (!text) return;
    setToast((current) => (current ? { count: current.count + 1, text: `${current.count + 1} new alerts` } : { count: 1, text }));
  });
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast) return null;
  // In the body: the sticky top bar (backdrop-filter) would otherwise be the toast's frame.
  return createPortal(
    <div className="toast-stack" role="status" aria-live="polite" data-testid="alert-toasts">
      <div className="toast">
        <span>{toast.text}</span>
        <Link href={withParams('/success/alerts', '', { workspace: workspaceId })} onClick={() => setToast(null)}>
          Open alerts
        </Link>
      </div>
    </div>,
    document.body,
  );
}
