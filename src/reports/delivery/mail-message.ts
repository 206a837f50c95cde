// A report's e-mail: the rendered HTML body (charts as inline images referenced by cid), its
// plain-text part, one attachment per requested format, and a Message-ID fixed by the delivery
// (`<delivery-id@revpulse>`), so a message handed over twice is recognisably the same message.
import type { MailMessage } from '../../notify/mailer.js';
import type { RenderedEmail, RenderedFile } from '../render/index.js';

export const messageIdOf = (deliveryId: string) => `<${deliveryId}@revpulse>`;

export function composeReportMail(email: RenderedEmail, files: readonly RenderedFile[], deliveryId: string): MailMessage {
  return {
    subject: email.subject,
    html: email.html,
    text: email.text,
    inlineImages: email.inlineImages.map((i) => ({ cid: i.cid, filename: i.filename, content: i.content, contentType: 'image/png' })),
    attachments: files.map((f) => ({ filename: f.filename, content: f.body, contentType: f.contentType })),
    messageId: messageIdOf(deliveryId),
  };
}

/** What the message weighs before MIME encoding: the body parts, images and attachments. */
export function messageBytes(message: MailMessage): number {
  const parts = [...(message.inlineImages ?? []).map((i) => i.content.length), ...(message.attachments ?? []).map((a) => a.content.length)];
  return Buffer.byteLength(message.html) + Buffer.byteLength(message.text) + parts.reduce((a, b) => a + b, 0);
}
