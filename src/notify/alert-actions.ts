// A person acting on an alert from the alert centre — acknowledge, snooze until an instant, assign
// to a member (or to nobody) — and the `alert_updated` live message that tells every open alert
// centre, in the same transaction as the change.
import type { LiveBus } from '../live/bus.js';
import { liveMessage } from '../live/messages.js';
import { actOnAlert, alertHead, isWorkspaceMember, type AlertAction } from '../store/alerts-repo.js';
import type { Store } from '../store/db.js';

export type ActionResult = 'ok' | 'missing' | 'cleared' | 'not_member';

export async function actOn(store: Store, bus: LiveBus, workspaceId: string, alertId: string, action: AlertAction, at: Date): Promise<ActionResult> {
  if (action.kind === 'assign' && action.userId !== null && !(await isWorkspaceMember(store.db, workspaceId, action.userId))) return 'not_member';
  return store.db.transaction().execute(async (trx) => {
    const result = await actOnAlert(trx, workspaceId, alertId, action, at);
    if (result !== 'ok') return result;
    const head = (await alertHead(trx, workspaceId, alertId))!;
    await bus.publishIn(trx, workspaceId, [liveMessage('alert_updated', { alertId, ...head })]);
    return 'ok';
  });
}
