// Sends the report deliveries that are due, each exactly once:
//   1. rows whose lease ran out are settled: one found in 'sending' (its instance stopped during or
//      after the SMTP hand-off) becomes 'interrupted' and is never resent automatically — it may
//      have arrived; one found in 'rendering' is simply claimed again (nothing left the building);
//   2. a due row is claimed (`for update skip locked`, status 'rendering', a lease, one attempt more);
//   3. the report is built as of the row's as_of (a re-render gives the same numbers) and rendered
//      — the e-mail and one attachment per format — recording render_ms and bytes;
//   4. 'sending' is committed, conditional on still holding the claim, right before the hand-off;
//   5. the SMTP server accepts it → 'sent' with sent_at and the Message-ID; it refuses, or cannot
//      be reached → pending again after a backoff (1 min, 5 min, 30 min, 2 h), failed after the
//      fifth attempt with the last error. Without SMTP configured a delivery fails at once.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../logger.js';
import { MAX_ATTEMPTS, retryAt } from '../../notify/deliveries.js';
import { MAIL_NOT_CONFIGURED, type Mailer } from '../../notify/mailer.js';
import { asOf } from '../../read/clock.js';
import type { AttachmentFormat, ReportDocument } from '../../read/reports/contract.js';
import type { Store } from '../../store/db.js';
import {
  claimDueReportDeliveries, markSending, markSent, recordDeliveryFailure, settleExpiredLeases, workspacesWithDueReportDeliveries, type StoredDelivery,
} from '../../store/report-deliveries-repo.js';
import { findWorkspace } from '../../store/workspaces-repo.js';
import { buildReport, ReportNotFound, type ReportDeps, type ReportRequest } from '../build.js';
import { ReportPeriodError } from '../period.js';
import { renderEmail, renderReport, type RenderedEmail, type RenderedFile } from '../render/index.js';
import { composeReportMail, messageBytes, messageIdOf } from './mail-message.js';

/** How long a claimed delivery is held by its sender, from the claim and again from 'sending':
 *  far beyond a render and the mailer's timeouts. A row past it is someone else's to settle. */
export const REPORT_LEASE_SECONDS = 10 * 60;

export const INTERRUPTED_ERROR = 'interrupted during the hand-off to the SMTP server (the instance sending it stopped): it may or may not have been delivered, '
  + 'so it was not sent again to avoid a duplicate; resend it if it did not arrive';
const abandonedError = (attempts: number) => `gave up after ${attempts} attempts: the instance rendering it stopped each time`;

export type ReportSenderDeps = {
  store: Store;
  logger: Logger;
  now: () => Date;
  mailer: Mailer | null;
  /** Where the links in the e-mail point (REVPULSE_PUBLIC_URL, else localhost). */
  publicUrl: string;
  /** The builder and renderers; the real ones unless a test replaces them. */
  build?: (deps: ReportDeps, request: ReportRequest) => Promise<ReportDocument>;
  renderEmail?: (doc: ReportDocument, options: { publicUrl: string; attachments: readonly AttachmentFormat[] }) => Promise<RenderedEmail>;
  renderFile?: (doc: ReportDocument, format: AttachmentFormat) => Promise<RenderedFile>;
};

export type SendRun = { sent: number; retried: number; failed: number; interrupted: number };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
const later = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

export async function sendDueReports(deps: ReportSenderDeps): Promise<SendRun> {
  const run: SendRun = { sent: 0, retried: 0, failed: 0, interrupted: 0 };
  const db = deps.store.db;
  for (const workspaceId of await workspacesWithDueReportDeliveries(db, deps.now())) {
    const settled = await settleExpiredLeases(db, workspaceId, deps.now(), { maxAttempts: MAX_ATTEMPTS, interruptedError: INTERRUPTED_ERROR, abandonedError: abandonedError(MAX_ATTEMPTS) });
    run.interrupted += settled.interrupted;
    run.failed += settled.failed;
    if (settled.interrupted > 0) deps.logger.warn({ workspaceId, rows: settled.interrupted }, 'report deliveries interrupted during the SMTP hand-off: not resent');
    // One row per claim: a render takes seconds, and a row waiting in this instance's batch would
    // be held from another instance that is free.
    for (;;) {
      const now = deps.now();
      const [delivery] = await claimDueReportDeliveries(db, workspaceId, now, later(now, REPORT_LEASE_SECONDS), 1);
      if (!delivery) break;
      const outcome = await attempt(deps, workspaceId, delivery);
      if (outcome !== 'lost') run[outcome] += 1;
    }
  }
  return run;
}

type Outcome = 'sent' | 'retried' | 'failed' | 'lost';

/**
 * Sends one pending delivery now, in this process, and tells what became of it: 'busy' when
 * another instance holds it. Without `retry`, a failure is final (the command line reports it at
 * once rather than leaving a retry for whichever server runs next).
 */
export async function sendDeliveryNow(deps: ReportSenderDeps, workspaceId: string, deliveryId: string, options: { retry: boolean }): Promise<Outcome | 'busy'> {
  const now = deps.now();
  const [delivery] = await claimDueReportDeliveries(deps.store.db, workspaceId, now, later(now, REPORT_LEASE_SECONDS), 1, { deliveryId });
  return delivery ? attempt(deps, workspaceId, delivery, options) : 'busy';
}

async function fail(deps: ReportSenderDeps, workspaceId: string, delivery: StoredDelivery, error: string, options: { retry: boolean }): Promise<Outcome> {
  const now = deps.now();
  const next = options.retry ? retryAt(delivery.attempts, now) : null;
  const message = options.retry && !next ? `gave up after ${delivery.attempts} attempts: ${error}` : error;
  await recordDeliveryFailure(deps.store.db, workspaceId, delivery.id, delivery.attempts, { error: message, retryAt: next, now });
  deps.logger.warn({ workspaceId, deliveryId: delivery.id, reportKey: delivery.reportKey, attempts: delivery.attempts, error: message }, 'a report delivery failed');
  return next ? 'retried' : 'failed';
}

async function attempt(deps: ReportSenderDeps, workspaceId: string, delivery: StoredDelivery, options: { retry: boolean } = { retry: true }): Promise<Outcome> {
  const { mailer } = deps;
  if (!mailer) return fail(deps, workspaceId, delivery, MAIL_NOT_CONFIGURED, { retry: false });
  const db = deps.store.db;
  const workspace = await findWorkspace(db, workspaceId);
  if (!workspace) return fail(deps, workspaceId, delivery, 'the workspace no longer exists', { retry: false });

  const started = performance.now();
  let message;
  try {
    const doc = await (deps.build ?? buildReport)({ db, workspace, now: deps.now() }, { key: delivery.reportKey, period: delivery.periodKey, asOf: asOf(delivery.asOf) });
    const formats = delivery.formats as AttachmentFormat[];
    const email = await (deps.renderEmail ?? renderEmail)(doc, { publicUrl: deps.publicUrl, attachments: formats });
    const files: RenderedFile[] = [];
    for (const format of formats) files.push(await (deps.renderFile ?? renderReport)(doc, format));
    message = composeReportMail(email, files, delivery.id);
  } catch (error) {
    // A report that no longer exists, or a period it cannot have, will not get better by waiting.
    const permanent = error instanceof ReportNotFound || error instanceof ReportPeriodError;
    return fail(deps, workspaceId, delivery, `the report could not be built: ${errorText(error)}`, { retry: options.retry && !permanent });
  }
  const renderMs = Math.round(performance.now() - started);

  const sendingAt = deps.now();
  if (!await markSending(db, workspaceId, delivery.id, delivery.attempts, { renderMs, bytes: messageBytes(message), leaseUntil: later(sendingAt, REPORT_LEASE_SECONDS) })) {
    // Our lease ran out while rendering and another instance claimed the row: it sends, not us.
    deps.logger.warn({ workspaceId, deliveryId: delivery.id }, 'a report delivery was claimed by another instance while rendering: left to it');
    return 'lost';
  }
  let info;
  try {
    info = await mailer.send(delivery.recipients, message);
  } catch (error) {
    return fail(deps, workspaceId, delivery, errorText(error), options);
  }
  // Outside the catch: once the server has the message, a failure to record it must not queue it
  // again (the row stays 'sending' and is settled as interrupted).
  await markSent(db, workspaceId, delivery.id, delivery.attempts, { sentAt: deps.now(), messageId: info.messageId || messageIdOf(delivery.id) });
  deps.logger.info({ workspaceId, deliveryId: delivery.id, reportKey: delivery.reportKey, period: delivery.periodKey, renderMs, recipients: delivery.recipients.length }, 'report e-mailed');
  return 'sent';
}
