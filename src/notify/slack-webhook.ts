// Posts an alert to a Slack-compatible incoming webhook: JSON `{ text, blocks }`, a 2xx answer
// is sent. Anything else (a 4xx/5xx, a timeout, a refused connection) is an error the sender
// retries with backoff; the error names the status and the start of the answer.
import type { WebhookContent } from './alert-message.js';

const TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, content: WebhookContent): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Revpulse-Alerts' },
    body: JSON.stringify(content),
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const answer = (await response.text().catch(() => '')).slice(0, 200);
  throw new Error(`the webhook answered ${response.status}${answer ? `: ${answer}` : ''}`);
}
