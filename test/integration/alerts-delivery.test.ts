// Alert delivery against real servers started here: e-mail through an SMTP server (smtp-server,
// each message parsed with mailparser), a Slack-compatible webhook on a local HTTP server, a
// failing SMTP server retried with backoff and sent once when it is back, e-mail without SMTP
// configured, two senders at once, snooze reminders, the live push to a WebSocket client, and a
// payment_failed live message evaluated at once by the job.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rules.js';
import { createAlertsJob } from '../../src/jobs/alerts.js';
import { createLogger } from '../../src/logger.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, sendDueDeliveries } from '../../src/notify/deliveries.js';
import { evaluateWorkspace } from '../../src/notify/evaluate-alerts.js';
import { createMailer, MAIL_NOT_CONFIGURED, type Mailer } from '../../src/notify/mailer.js';
import type { AlertListResponse } from '../../src/read/alerts/contract.js';
import { ensureDefaultRules, listRules, updateRule } from '../../src/store/alerts-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { connectLive } from '../helpers/ws-client.js';
import { addAccount, addCustomers, addUsage } from './success-fixture.js';

const START = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';
const PUBLIC_URL = 'https://revpulse.example.com';
const logger = createLogger('silent');

type Smtp = { port: number; received: ParsedMail[]; down: boolean; close(): Promise<void> };

async function startSmtp(): Promise<Smtp> {
  const state = { received: [] as ParsedMail[], down: false };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        if (state.down) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        state.received.push(mail);
        return callback();
      }, (error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

type Hook = { url: string; bodies: Array<{ text: string; blocks: unknown[] }>; close(): Promise<void> };

async function startWebhook(): Promise<Hook> {
  const bodies: Hook['bodies'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body) as Hook['bodies'][number]);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T1/B1/secret`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(BACKENDS)('alert delivery (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: Smtp;
  let hook: Hook;
  let mailer: Mailer;
  let clock = START;
  let seq = 0;
  const now = () => clock;
  const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));
  const deliver = (m: Mailer | null = mailer) => sendDueDeliveries({ store: db.store, logger, now, mailer: m, publicUrl: PUBLIC_URL });
  const evaluate = (ws: Workspace) => evaluateWorkspace({ store: db.store, bus: t.ctx.bus, now }, ws.id);

  /** A workspace whose only enabled rule is usage_drop, e-mailing `emailTo` and posting to the webhook,
   *  with one customer whose usage fell 90% week over week. */
  async function firingWorkspace(options: { emailTo?: string[]; webhook?: boolean } = {}): Promise<Workspace> {
    const ws = await ensureWorkspace(db.store.db, { slug: `delivery-${++seq}`, name: `D${seq}` });
    await addCustomers(db.store.db, ws.id, [{ id: 'cus_drop', name: 'Globex & Co', mrr: 12_345, planId: 'pro' }], TODAY);
    await addAccount(db.store.db, ws.id, 'acc_drop', 'cus_drop');
    await addUsage(db.store.db, ws.id, [
      { account: 'acc_drop', day: '2026-03-02', event: 'export', events: 100 },
      { account: 'acc_drop', day: '2026-03-09', event: 'export', events: 10 },
    ]);
    await ensureDefaultRules(db.store.db, ws.id, DEFAULT_ALERT_RULES, clock);
    for (const rule of await listRules(db.store.db, ws.id)) {
      const on = rule.kind === 'usage_drop';
      await updateRule(db.store.db, ws.id, rule.ruleId, {
        ...rule, enabled: on, emailTo: on ? (options.emailTo ?? ['cs@example.com']) : [], webhookUrl: on && options.webhook ? hook.url : null,
      }, clock);
    }
    return ws;
  }

  const deliveries = (ws: Workspace) => db.store.db.selectFrom('alert_deliveries').selectAll().where('workspace_id', '=', ws.id).orderBy('notice').orderBy('channel').execute();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now });
    smtp = await startSmtp();
    hook = await startWebhook();
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Revpulse Alerts <alerts@revpulse.example.com>' })!;
  }, 120_000);

  beforeEach(() => {
    clock = START;
    smtp.down = false;
    smtp.received.length = 0;
    hook.bodies.length = 0;
  });

  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await hook?.close();
    await t?.close();
    await db?.drop();
  });

  it('e-mails the alert through a real SMTP server and posts it to the webhook, each once', async () => {
    const ws = await firingWorkspace({ webhook: true });
    expect((await evaluate(ws)).opened).toBe(1);
    expect(await deliver()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('[Revpulse] Usage down 50% week over week — Globex & Co');
    expect(mail.from?.value).toEqual([{ name: 'Revpulse Alerts', address: 'alerts@revpulse.example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('cs@example.com');
    const text = mail.text ?? '';
    expect(text).toContain('Usage fell 90% week over week: 10 events in the last 7 days against 100 in the 7 before');
    expect(text).toContain('Events, previous 7 days: 100');
    expect(text).toContain('MRR: 123.45 USD');
    expect(text).toContain(`${PUBLIC_URL}/customers/cus_drop`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/customers/cus_drop"`);
    expect(mail.html).toContain('Globex &amp; Co');

    expect(hook.bodies).toHaveLength(1);
    const body = hook.bodies[0]!;
    expect(body.text).toContain('Usage fell 90%');
    expect(body.text).toContain(`${PUBLIC_URL}/customers/cus_drop`);
    expect(JSON.stringify(body.blocks)).toContain(`"url":"${PUBLIC_URL}/customers/cus_drop"`);

    const rows = await deliveries(ws);
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'sent', 1], ['webhook', 'sent', 1]]);
    expect(rows.every((r) => new Date(r.sent_at!).getTime() === START.getTime())).toBe(true);
  });

  it('retries a failing SMTP server after 1 and 5 minutes and sends once when it is back', async () => {
    const ws = await firingWorkspace();
    await evaluate(ws);
    smtp.down = true;
    expect(await deliver()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await deliveries(ws);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toContain('Mailbox busy');
    expect(new Date(row!.next_attempt_at).getTime() - clock.getTime()).toBe(RETRY_DELAYS_SECONDS[0] * 1000);

    minutes(0.5);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    minutes(0.5);
    expect(await deliver()).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await deliveries(ws);
    expect(new Date(row!.next_attempt_at).getTime() - clock.getTime()).toBe(RETRY_DELAYS_SECONDS[1] * 1000);

    smtp.down = false;
    minutes(5);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    [row] = await deliveries(ws);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('gives up after five attempts spaced 1 min, 5 min, 30 min and 2 h, the error kept', async () => {
    const ws = await firingWorkspace();
    await evaluate(ws);
    smtp.down = true;
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const run = await deliver();
      const [row] = await deliveries(ws);
      if (attempt < MAX_ATTEMPTS) {
        expect(run.retried).toBe(1);
        const gap = (new Date(row!.next_attempt_at).getTime() - clock.getTime()) / 1000;
        gaps.push(gap);
        clock = new Date(clock.getTime() + gap * 1000);
      } else {
        expect(run.failed).toBe(1);
        expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
        expect(row!.last_error).toContain(`gave up after ${MAX_ATTEMPTS} attempts`);
      }
    }
    expect(gaps).toEqual([60, 300, 1800, 7200]);
    clock = new Date(clock.getTime() + 86_400_000);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('fails e-mail deliveries with a clear reason when SMTP is not configured, shown by the API', async () => {
    const ws = await firingWorkspace({ webhook: true });
    await evaluate(ws);
    expect(await deliver(null)).toEqual({ sent: 1, retried: 0, failed: 1 });
    const viewer = await signedInMember(t, [{ workspaceId: ws.id, role: 'viewer' }]);
    const list = (await t.app.inject({ url: `/v1/alerts?workspace=${ws.id}`, headers: viewer.headers })).json() as AlertListResponse;
    const email = list.data[0]!.deliveries.find((d) => d.channel === 'email')!;
    expect(email).toMatchObject({ status: 'failed', attempts: 1, lastError: MAIL_NOT_CONFIGURED });
    expect(list.data[0]!.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ status: 'sent', target: 'http://127.0.0.1:' + new URL(hook.url).port + '/…' });
  });

  it('sends each delivery once when two senders run at the same moment', async () => {
    const ws = await firingWorkspace({ emailTo: ['a@example.com', 'b@example.com', 'c@example.com'] });
    await evaluate(ws);
    const [one, two] = await Promise.all([deliver(), deliver()]);
    expect(one.sent + two.sent).toBe(3);
    expect(smtp.received.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('holds the notices of a snoozed alert, and reminds once the snooze ends with the rule still firing', async () => {
    const ws = await firingWorkspace();
    await evaluate(ws);
    const [alert] = await db.store.db.selectFrom('alerts').select('alert_id').where('workspace_id', '=', ws.id).execute();
    const analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
    const until = new Date(clock.getTime() + 60 * 60_000).toISOString();
    const snoozed = await t.app.inject({ method: 'POST', url: `/v1/alerts/${alert!.alert_id}/snooze?workspace=${ws.id}`, headers: analyst.headers, payload: { until } });
    expect(snoozed.statusCode, snoozed.body).toBe(200);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    minutes(61);
    const woken = await evaluate(ws);
    expect(woken).toMatchObject({ opened: 0, reminded: 1 });
    expect(await deliver()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.subject)).toEqual([
      '[Revpulse] Usage down 50% week over week — Globex & Co',
      '[Revpulse] Still firing: Usage down 50% week over week — Globex & Co',
    ]);
    expect((await deliveries(ws)).map((d) => d.notice)).toEqual([1, 2]);
  });

  it('pushes alert_opened and alert_updated to a live client of the workspace', async () => {
    const ws = await firingWorkspace();
    const url = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const viewer: Caller = await signedInMember(t, [{ workspaceId: ws.id, role: 'viewer' }]);
    const client = await connectLive(`${url}/v1/live?workspace=${ws.id}`, { headers: viewer.headers });
    await evaluate(ws);
    const opened = await client.next((f) => f.type === 'alert_opened');
    expect(opened.data).toMatchObject({ customerId: 'cus_drop', customerName: 'Globex & Co', ruleName: 'Usage down 50% week over week', kind: 'usage_drop' });
    expect(String(opened.data.sentence)).toContain('fell 90%');
    const analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
    await t.app.inject({ method: 'POST', url: `/v1/alerts/${String(opened.data.alertId)}/acknowledge?workspace=${ws.id}`, headers: analyst.headers });
    const updated = await client.next((f) => f.type === 'alert_updated');
    expect(updated.data).toEqual({ alertId: opened.data.alertId, ruleId: opened.data.ruleId, kind: 'usage_drop', customerId: 'cus_drop', status: 'acknowledged' });
    await client.close();
  });

  it('evaluates a customer at once when its payment fails (the payment_failed live message)', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: `delivery-${++seq}`, name: 'Payments' });
    await addCustomers(db.store.db, ws.id, [{ id: 'cus_pay', name: 'Initech', mrr: 9900, planId: 'pro' }], TODAY);
    await ensureDefaultRules(db.store.db, ws.id, DEFAULT_ALERT_RULES, clock);
    for (const rule of await listRules(db.store.db, ws.id)) await updateRule(db.store.db, ws.id, rule.ruleId, { ...rule, enabled: rule.kind === 'payment_failed', emailTo: ['billing@example.com'] }, clock);
    const job = createAlertsJob({ store: db.store, logger, now, bus: t.ctx.bus, config: t.ctx.config }, { mailer });
    job.start();
    try {
      await job.evaluateAll();
      const count = async () => (await db.store.db.selectFrom('alerts').select('alert_id').where('workspace_id', '=', ws.id).execute()).length;
      expect(await count()).toBe(0);
      await db.store.db.insertInto('payments').values({
        workspace_id: ws.id, payment_id: 'ch_failed', customer_id: 'cus_pay', invoice_id: null, status: 'failed', currency: 'usd', amount: 9900,
        failure_code: 'card_declined', created_at: new Date(clock.getTime() - 60_000), record: JSON.stringify({}), version_at: 1,
      }).execute();
      await t.ctx.bus.publish(ws.id, 'payment_failed', { paymentId: 'ch_failed', customerId: 'cus_pay', invoiceId: null, currency: 'usd', amount: 9900, failureCode: 'card_declined', declineCode: null, eventId: 'evt_1' });
      await expect.poll(count, { timeout: 10_000, interval: 100 }).toBe(1);
      const billing = () => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === 'billing@example.com');
      await expect.poll(() => billing().length, { timeout: 10_000, interval: 100 }).toBe(1);
      expect(billing()[0]!.text).toContain('The latest payment failed: 1 failed payment in the last 30 days.');
    } finally {
      await job.stop();
    }
  });
});
