// `revpulse report` as an operator runs it — the binary in a child process, and where start-up
// would only cost time the same command in this process — against an embedded database seeded
// with the fixture business: a report written to a file (the JSON is the document buildReport
// gives for the same as-of; the PDF shows its MRR), clear one-line errors, and --send through a
// real SMTP server started here: sent once; refused with the SMTP error and exit 1 when the
// server is down; the missing-SMTP message when e-mail is not configured.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MAIL_NOT_CONFIGURED } from '../../src/notify/mailer.js';
import { asOf } from '../../src/read/clock.js';
import type { ReportDocument } from '../../src/read/reports/contract.js';
import { buildReport } from '../../src/reports/build.js';
import { formatMoney } from '../../src/reports/render/format-value.js';
import { createDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { getDelivery } from '../../src/store/report-deliveries-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, TEST_SECRET_KEY } from '../helpers/app.js';
import { normaliseText, pdfPageTexts } from '../helpers/pdf-text.js';
import { storeFixture } from '../helpers/revenue-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startTestSmtp, type TestSmtp } from '../integration/reports/delivery-smtp.js';

const AS_OF = '2024-04-16T05:00:00Z';
const WROTE = /^wrote \d+ (bytes|KB|MB) in \d+\.\d s: /m;

describe('revpulse report', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ws: Workspace;
  let expected: ReportDocument;
  let smtp: TestSmtp;
  const out = (name: string) => path.join(dataDir, name);

  /** The command run in this process (a child costs seconds of start-up): the same code as the
   *  binary's, with `env` set for the run and its output captured. */
  async function inProcess(args: string[], runEnv: NodeJS.ProcessEnv): Promise<CliResult> {
    const saved = Object.fromEntries(Object.keys(runEnv).map((key) => [key, process.env[key]]));
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    Object.assign(process.env, runEnv);
    try {
      const code = await main(['node', 'revpulse', ...args]);
      const text = (spy: typeof stdout) => spy.mock.calls.map((call) => String(call[0])).join('');
      return { code, stdout: text(stdout), stderr: text(stderr) };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }
  const mrrOf = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'kpis' ? b.kpis : [])).find((k) => k.figure.metric === 'mrr')!.figure.value!;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rp-report-'));
    // The embedded database in dataDir, also when the suite runs with DATABASE_URL set.
    env = { DATABASE_URL: '', REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: TEST_SECRET_KEY, REVPULSE_SMTP_URL: '', REVPULSE_MAIL_FROM: '' };
    const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
    try {
      await migrate(store);
      const t = await buildTestApp(store);
      ws = await ensureWorkspace(store.db, { slug: 'fixture', name: 'Fixture' });
      const source = await createSource(store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
      await storeFixture(store, ws.id, source.id);
      await t.worker.drain();
      await t.close();
      expected = await buildReport({ db: store.db, workspace: ws, now: new Date() }, { key: 'daily', period: '2024-04-15', asOf: asOf(new Date(AS_OF)) });
    } finally {
      await store.close();
    }
    smtp = await startTestSmtp();
  }, 120_000);

  afterAll(async () => {
    await smtp?.close();
  });

  it('writes the report to a file: JSON equal to the built document, a PDF showing its MRR', async () => {
    const args = ['report', 'daily', '--workspace', 'fixture', '--period', '2024-04-15', '--as-of', AS_OF];
    const json = await runCli([...args, '--out', out('daily.json')], env);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toMatch(WROTE);
    const written = JSON.parse(readFileSync(out('daily.json'), 'utf8')) as ReportDocument;
    expect({ ...written, generatedAt: null }).toEqual({ ...expected, generatedAt: null });

    const mrr = mrrOf(expected);
    expect(mrr).toBeGreaterThan(0);
    const pdf = await inProcess([...args, '--format', 'pdf', '--out', out('daily.bin')], env);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stderr).toMatch(WROTE);
    const pdfBody = readFileSync(out('daily.bin'));
    expect(pdfBody.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(normaliseText((await pdfPageTexts(pdfBody)).join('\n'))).toContain(formatMoney(mrr, 'usd'));
  }, 180_000);

  it('stops with one line naming the problem, before opening anything', async () => {
    const cases: Array<[string[], string | RegExp]> = [
      [['report', 'monthly', '--out', out('x.pdf')], 'revpulse: report: unknown report "monthly": expected daily, weekly, board or a custom report\'s id (rpt_…)\n'],
      [['report', 'daily'], 'revpulse: report: give either --out FILE (render to a file) or --send (e-mail it now)\n'],
      [['report', 'daily', '--out', out('x.pdf'), '--send'], 'revpulse: report: give either --out FILE (render to a file) or --send (e-mail it now)\n'],
      [['report', 'daily', '--out', out('x.txt')], /^revpulse: report: --format is needed \(json, html, pdf, xlsx, csv\): .*x\.txt does not say which by its extension\n$/],
      [['report', 'daily', '--out', out('x.pdf'), '--format', 'docx'], 'revpulse: report: --format docx is not one of json, html, pdf, xlsx, csv\n'],
      [['report', 'daily', '--out', out('x.pdf'), '--as-of', 'yesterday'], 'revpulse: report: --as-of yesterday is not an ISO 8601 instant such as 2026-12-01T06:00:00Z\n'],
      [['report', 'daily', '--send', '--attach', 'pdf,docx'], 'revpulse: report: --attach docx is not one of pdf, xlsx, csv (or none)\n'],
      [['report', 'daily', '--out', out('x.pdf'), '--to', 'a@example.com'], 'revpulse: report: --to and --attach go with --send\n'],
    ];
    // The data folder points at a folder of its own, should a case wrongly get as far as opening it.
    for (const [args, message] of cases) {
      const result = await inProcess(args, { ...env, REVPULSE_DATA_DIR: path.join(dataDir, 'unused') });
      expect(result.code, args.join(' ')).toBe(2);
      if (typeof message === 'string') expect(result.stderr).toBe(message);
      else expect(result.stderr).toMatch(message);
    }
    expect(existsSync(path.join(dataDir, 'unused'))).toBe(false);
  });

  it('--send e-mails it once and says so; the SMTP error and exit 1 when the server is down; the missing-SMTP message without SMTP', async () => {
    const smtpEnv = { ...env, REVPULSE_SMTP_URL: smtp.url, REVPULSE_MAIL_FROM: 'Revpulse <reports@example.com>' };
    const sent = await runCli(['report', 'daily', '--workspace', 'fixture', '--period', '2024-04-15', '--send', '--to', 'ceo@example.com', 'cfo@example.com'], smtpEnv);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^Sent daily for 2024-04-15 to ceo@example.com, cfo@example.com in \d+\.\d s \(delivery (dlv_\S+), Message-ID <\1@revpulse>\)\.\n$/);
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['ceo@example.com', 'cfo@example.com']);
    expect(mail.subject).toContain('Fixture');
    expect(mail.attachments.filter((a) => !a.related).map((a) => a.filename)).toEqual(['revpulse-daily-2024-04-15.pdf', 'revpulse-daily-2024-04-15.xlsx']);

    await smtp.stop();
    const refused = await runCli(['report', 'weekly', '--workspace', 'fixture', '--send', '--to', 'ceo@example.com', '--attach', 'none'], smtpEnv);
    await smtp.start();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^revpulse: report: not sent: .*ECONNREFUSED.* \(delivery dlv_\S+\)\n$/m);
    // The failure is final: no retry is left for a server to send later.
    const deliveryId = /\(delivery (dlv_\S+)\)/.exec(refused.stderr)![1]!;
    const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
    try {
      expect(await getDelivery(store.db, ws.id, deliveryId)).toMatchObject({ status: 'failed', attempts: 1, trigger: 'manual' });
    } finally {
      await store.close();
    }

    const unconfigured = await inProcess(['report', 'daily', '--workspace', 'fixture', '--send', '--to', 'ceo@example.com'], env);
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.stderr).toContain(`revpulse: report: not sent: ${MAIL_NOT_CONFIGURED}`);
    expect(smtp.received).toHaveLength(1);
  }, 180_000);
});
