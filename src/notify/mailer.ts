// Sends e-mail — alert notices and reports — through the SMTP server of REVPULSE_SMTP_URL
// (nodemailer), from REVPULSE_MAIL_FROM. Without them there is no mailer: each sender records its
// e-mail deliveries as failed with MAIL_NOT_CONFIGURED, never a crash. Timeouts keep a dead server
// from holding a delivery past its lease (alerts: src/store/alerts-repo.ts claimDueDeliveries;
// reports: src/store/report-deliveries-repo.ts claimDueReportDeliveries).
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { MailContent } from './alert-message.js';
import { recordEmail } from '../observability/metrics.js';

export const MAIL_NOT_CONFIGURED = 'e-mail is not configured: set REVPULSE_SMTP_URL and REVPULSE_MAIL_FROM to send alert and report e-mails';

/** A file attached to the message (a report's PDF, workbook or CSV). */
export type MailAttachment = { filename: string; content: Buffer; contentType: string };

/** An image shown in the HTML body, referenced there as `cid:<cid>` (a chart of a report). */
export type MailInlineImage = { cid: string; filename: string; content: Buffer; contentType?: string };

export type MailMessage = MailContent & {
  attachments?: readonly MailAttachment[];
  inlineImages?: readonly MailInlineImage[];
  /** The Message-ID header, `<id@host>`; absent: nodemailer makes one. */
  messageId?: string;
};

export type Mailer = {
  /** Hands the message to the SMTP server (resolves once the server accepted it); the Message-ID sent. */
  send(to: string | readonly string[], content: MailMessage): Promise<{ messageId: string }>;
  close(): void;
};

export function createMailer(mail: Config['mail']): Mailer | null {
  if (!mail) return null;
  const transport = nodemailer.createTransport({
    url: mail.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(to, content) {
      const info = await transport.sendMail({
        from: mail.from,
        to: typeof to === 'string' ? to : [...to],
        subject: content.subject,
        text: content.text,
        html: content.html,
        ...(content.messageId ? { messageId: content.messageId } : {}),
        attachments: [
          ...(content.inlineImages ?? []).map((i) => ({ filename: i.filename, content: i.content, cid: i.cid, contentType: i.contentType ?? 'image/png' })),
          ...(content.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, contentDisposition: 'attachment' as const })),
        ],
      }).catch((error: unknown) => {
        recordEmail('failed'); // GET /metrics
        throw error;
      });
      recordEmail('sent');
      return { messageId: String(info.messageId ?? content.messageId ?? '') };
    },
    close: () => transport.close(),
  };
}
