// Sends alert e-mail through the SMTP server of REVPULSE_SMTP_URL (nodemailer), from
// REVPULSE_MAIL_FROM. Without them there is no mailer: the sender records each e-mail delivery as
// failed with MAIL_NOT_CONFIGURED, never a crash. Timeouts keep a dead server from holding a
// delivery past its lease (src/store/alerts-repo.ts, claimDueDeliveries).
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { MailContent } from './alert-message.js';

export const MAIL_NOT_CONFIGURED = 'e-mail is not configured: set REVPULSE_SMTP_URL and REVPULSE_MAIL_FROM to send alert e-mails';

export type Mailer = {
  send(to: string, content: MailContent): Promise<void>;
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
      await transport.sendMail({ from: mail.from, to, subject: content.subject, text: content.text, html: content.html });
    },
    close: () => transport.close(),
  };
}
