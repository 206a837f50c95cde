// What an alert says, by e-mail and by webhook: the rule, the customer and its MRR, the evidence
// (the sentence and every figure behind it) and the link to the customer page. Pure: the sender
// (deliveries.ts) hands it the alert as stored.
import { currencyExponent } from '../core/currency.js';
import { minorToMajorText } from '../core/money-text.js';
import type { AlertForMessage } from '../store/alerts-repo.js';

export type MailContent = { subject: string; text: string; html: string };
export type WebhookContent = { text: string; blocks: unknown[] };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Slack's mrkdwn treats these three as control characters. */
const escapeSlack = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

export function customerUrl(publicUrl: string, customerId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/customers/${encodeURIComponent(customerId)}`;
}

function mrrText(alert: AlertForMessage): string {
  if (!alert.currency) return 'no MRR';
  return `${minorToMajorText(alert.mrr, currencyExponent(alert.currency))} ${alert.currency.toUpperCase()}`;
}

const figureText = (value: number | null) => (value === null ? 'no data' : String(Math.round(value * 10_000) / 10_000));

function facts(alert: AlertForMessage, notice: number) {
  const who = alert.customerName ? `${alert.customerName} (${alert.customerId})` : alert.customerId;
  const title = `${notice > 1 ? 'Still firing: ' : ''}${alert.ruleName} — ${alert.customerName ?? alert.customerId}`;
  return { who, title, mrr: mrrText(alert) };
}

export function mailContent(alert: AlertForMessage, options: { publicUrl: string; notice: number }): MailContent {
  const { who, title, mrr } = facts(alert, options.notice);
  const link = customerUrl(options.publicUrl, alert.customerId);
  const figures = alert.evidence.figures.map((f) => `  ${f.label}: ${figureText(f.value)}`);
  const text = [
    title,
    '',
    alert.evidence.sentence,
    '',
    `Customer: ${who}`,
    `MRR: ${mrr}`,
    `Signals of: ${alert.evidence.day}`,
    ...(alert.evidence.threshold === null ? [] : [`Threshold: ${alert.evidence.threshold}`]),
    'Figures:',
    ...figures,
    '',
    `Open the customer: ${link}`,
    '',
    `Alert ${alert.alertId}, opened ${alert.openedAt.toISOString()}. Acknowledge, snooze or assign it in the alert centre.`,
  ].join('\n');
  const rows = alert.evidence.figures.map((f) => `<tr><td>${escapeHtml(f.label)}</td><td style="text-align:right">${escapeHtml(figureText(f.value))}</td></tr>`).join('');
  const html = [
    `<h2 style="font-size:18px">${escapeHtml(title)}</h2>`,
    `<p>${escapeHtml(alert.evidence.sentence)}</p>`,
    `<p>Customer: <b>${escapeHtml(who)}</b><br>MRR: ${escapeHtml(mrr)}<br>Signals of: ${escapeHtml(alert.evidence.day)}</p>`,
    `<table cellpadding="4" style="border-collapse:collapse">${rows}</table>`,
    `<p><a href="${escapeHtml(link)}">Open the customer in Revpulse</a></p>`,
  ].join('\n');
  return { subject: `[Revpulse] ${title}`, text, html };
}

/** A Slack-compatible incoming-webhook body: `text` (the fallback every receiver shows) and
 *  Block Kit `blocks`. */
export function webhookContent(alert: AlertForMessage, options: { publicUrl: string; notice: number }): WebhookContent {
  const { who, title, mrr } = facts(alert, options.notice);
  const link = customerUrl(options.publicUrl, alert.customerId);
  const text = `${title}: ${alert.evidence.sentence} MRR ${mrr}. ${link}`;
  const fields = alert.evidence.figures.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeSlack(f.label)}*\n${figureText(f.value)}` }));
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(alert.evidence.sentence) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Customer* ${escapeSlack(who)} · *MRR* ${escapeSlack(mrr)} · signals of ${alert.evidence.day}` } },
      ...(fields.length ? [{ type: 'section', fields }] : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the customer' }, url: link }] },
    ],
  };
}
