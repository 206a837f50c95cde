// A delivery's status as a badge (queued, sending, sent, failed…), with the next retry or the
// time it was sent beside it.
import type { ReportDelivery } from '@read/reports/contract.js';
import { STATUS_LABELS, STATUS_TONES, isMoving, statusDetail } from './delivery-view.js';

export function DeliveryBadge({ delivery, locale }: { delivery: ReportDelivery; locale?: string }) {
  const tone = STATUS_TONES[delivery.status];
  const detail = statusDetail(delivery, locale);
  return (
    <span className="delivery-status">
      <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`} data-testid="delivery-status" data-status={delivery.status}>
        {isMoving(delivery) && <span className="spinner spinner-small" aria-hidden="true" />}
        {STATUS_LABELS[delivery.status]}
      </span>
      {detail && <span className="muted delivery-status-detail">{detail}</span>}
    </span>
  );
}
