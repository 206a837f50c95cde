// `revpulse report KIND [--workspace ID] [--period P] [--as-of ISO] --format pdf|xlsx|csv|html|json --out FILE`
// renders a report to a file; `revpulse report KIND [--workspace ID] [--period P] --send [--to ADDRESS …]`
// e-mails it now and waits for the result. KIND as in the API: daily, weekly, board or a custom
// report's id. Sending goes through the delivery log like the dashboard's "Send now" (one row,
// its Message-ID, the same renderer), but a failure is final and reported at once: the command
// never leaves a retry behind for a server to send later.
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { createMailer } from '../../notify/mailer.js';
import { resolveAsOf } from '../../read/clock.js';
import { ATTACHMENT_FORMATS, BUILTIN_REPORTS, customReportId, REPORT_FORMATS, type AttachmentFormat, type ReportFormat } from '../../read/reports/contract.js';
import { buildReport, ReportNotFound } from '../../reports/build.js';
import { sendDeliveryNow } from '../../reports/delivery/send-due.js';
import { queueSendNow, ReportInputError } from '../../reports/delivery/service.js';
import { ReportPeriodError } from '../../reports/period.js';
import { renderReport } from '../../reports/render/index.js';
import { openRuntime, type Runtime } from '../../runtime.js';
import { getDelivery, type StoredDelivery } from '../../store/report-deliveries-repo.js';
import { ensureWorkspace, findWorkspace, findWorkspaceBySlug, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

type Options = { workspace?: string; period?: string; asOf?: string; currency?: string; format?: string; out?: string; send?: boolean; to?: string[]; attach?: string };

const EXTENSIONS: Record<string, ReportFormat> = { pdf: 'pdf', xlsx: 'xlsx', csv: 'csv', html: 'html', htm: 'html', json: 'json' };
const instant = z.iso.datetime({ offset: true });
/** How long --send waits for a delivery another instance holds. */
const WAIT_MS = 5 * 60_000;

function checkKind(kind: string): void {
  if ((BUILTIN_REPORTS as readonly string[]).includes(kind) || customReportId.safeParse(kind).success) return;
  throw new UsageError(`report: unknown report "${kind}": expected ${BUILTIN_REPORTS.join(', ')} or a custom report's id (rpt_…)`);
}

function formatOf(options: Options): ReportFormat {
  const named = options.format ?? EXTENSIONS[options.out!.split('.').pop()?.toLowerCase() ?? ''];
  if (!named) throw new UsageError(`report: --format is needed (${REPORT_FORMATS.join(', ')}): ${options.out} does not say which by its extension`);
  if (!(REPORT_FORMATS as readonly string[]).includes(named)) throw new UsageError(`report: --format ${named} is not one of ${REPORT_FORMATS.join(', ')}`);
  return named as ReportFormat;
}

function attachmentsOf(list: string | undefined): AttachmentFormat[] | undefined {
  if (list === undefined) return undefined;
  if (list.trim() === 'none') return [];
  const formats = list.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const bad = formats.find((f) => !(ATTACHMENT_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined) throw new UsageError(`report: --attach ${bad} is not one of ${ATTACHMENT_FORMATS.join(', ')} (or none)`);
  return formats as AttachmentFormat[];
}

/** --workspace takes an id or a slug; without it, the installation's own workspace (not Demo). */
async function targetWorkspace(runtime: Runtime, named: string | undefined): Promise<Workspace> {
  const db = runtime.store.db;
  if (!named) return ensureWorkspace(db, { slug: 'default', name: 'My workspace' });
  const found = (await findWorkspace(db, named)) ?? (await findWorkspaceBySlug(db, named));
  if (!found) throw new UsageError(`report: no workspace with id or slug ${named}`);
  return found;
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const took = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

async function renderToFile(runtime: Runtime, kind: string, options: Options): Promise<void> {
  const format = formatOf(options);
  const started = performance.now();
  const workspace = await targetWorkspace(runtime, options.workspace);
  const now = new Date();
  process.stderr.write(`rendering ${kind}${options.period ? ` for ${options.period}` : ''} of "${workspace.name}" as ${format}…\n`);
  let file;
  try {
    const doc = await buildReport({ db: runtime.store.db, workspace, now }, {
      key: kind, asOf: resolveAsOf(options.asOf, now),
      ...(options.period !== undefined ? { period: options.period } : {}),
      ...(options.currency !== undefined ? { currency: options.currency.toLowerCase() } : {}),
    });
    file = await renderReport(doc, format);
  } catch (error) {
    if (error instanceof ReportPeriodError) throw new UsageError(`report: ${error.message}`);
    if (error instanceof ReportNotFound) throw new UsageError(`report: ${error.message}`, 1);
    throw error;
  }
  await writeFile(options.out!, file.body).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`report: cannot write ${options.out}: ${error.message}`, 1);
  });
  process.stderr.write(`wrote ${size(file.body.length)} in ${took(started)}: ${options.out}\n`);
}

async function waitForOutcome(runtime: Runtime, workspaceId: string, deliveryId: string): Promise<StoredDelivery | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const row = await getDelivery(runtime.store.db, workspaceId, deliveryId);
    const settled = !row || ['sent', 'failed', 'interrupted'].includes(row.status) || (row.status === 'pending' && row.attempts > 0);
    if (settled || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function sendNow(runtime: Runtime, kind: string, options: Options): Promise<void> {
  const started = performance.now();
  const { config, store } = runtime;
  const workspace = await targetWorkspace(runtime, options.workspace);
  const attach = attachmentsOf(options.attach);
  let queued;
  try {
    queued = await queueSendNow(store.db, workspace.id, {
      reportKey: kind, requestedBy: null, requesterEmail: null,
      ...(options.period !== undefined ? { period: options.period } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(attach !== undefined ? { formats: attach } : {}),
    }, new Date());
  } catch (error) {
    if (error instanceof ReportInputError) throw new UsageError(`report: ${error.message.replace(/^to: /, '--to: ')}`);
    throw error;
  }
  process.stderr.write(`sending ${kind} for ${queued.periodKey} of "${workspace.name}" to ${queued.recipients.join(', ')}…\n`);
  const mailer = createMailer(config.mail);
  try {
    const outcome = await sendDeliveryNow({
      store, logger: createLogger('silent'), now: () => new Date(), mailer, publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    }, workspace.id, queued.id, { retry: false });
    const row = outcome === 'busy' ? await waitForOutcome(runtime, workspace.id, queued.id) : await getDelivery(store.db, workspace.id, queued.id);
    if (row?.status === 'sent') {
      process.stdout.write(`Sent ${kind} for ${row.periodKey} to ${row.recipients.join(', ')} in ${took(started)} (delivery ${row.id}, Message-ID ${row.messageId ?? '—'}).\n`);
      return;
    }
    const why = row?.lastError ?? `the delivery is still ${row?.status ?? 'missing'}`;
    throw new UsageError(`report: not sent: ${why} (delivery ${queued.id})`, 1);
  } finally {
    mailer?.close();
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .argument('<kind>', `${BUILTIN_REPORTS.join(', ')} or a custom report's id (rpt_…)`)
    .description('render a report to a file (--format … --out FILE), or e-mail it now (--send)')
    .option('--workspace <id>', 'workspace id or slug (default: your own workspace, not Demo)')
    .option('--period <key>', 'a day (2026-12-01), ISO week (2026-W48), month (2026-11) or quarter (2026-Q4); default: the last complete one')
    .option('--as-of <instant>', 'read every figure as of this ISO 8601 instant (default: now; files only)')
    .option('--currency <code>', 'reporting currency (default: the workspace\'s; files only)')
    .option('--format <format>', `${REPORT_FORMATS.join(', ')} (default: from the extension of --out)`)
    .option('--out <file>', 'write the report to this file')
    .option('--send', 'e-mail the report now (REVPULSE_SMTP_URL, REVPULSE_MAIL_FROM) and wait for the result')
    .option('--to <address...>', 'with --send: the recipients (default: those of the report\'s schedules)')
    .option('--attach <formats>', `with --send: attachments, comma-separated from ${ATTACHMENT_FORMATS.join(', ')}, or none (default: pdf,xlsx)`)
    .action(async (kind: string, options: Options) => {
      checkKind(kind);
      if ((options.send === true) === (options.out !== undefined)) throw new UsageError('report: give either --out FILE (render to a file) or --send (e-mail it now)');
      if (options.send && (options.asOf !== undefined || options.format !== undefined || options.currency !== undefined)) {
        throw new UsageError('report: --as-of, --currency and --format are for --out; an e-mail is read as of now, with attachments from --attach');
      }
      if (!options.send && (options.to !== undefined || options.attach !== undefined)) throw new UsageError('report: --to and --attach go with --send');
      if (options.asOf !== undefined && !instant.safeParse(options.asOf).success) {
        throw new UsageError(`report: --as-of ${options.asOf} is not an ISO 8601 instant such as 2026-12-01T06:00:00Z`);
      }
      if (options.out !== undefined) formatOf(options);
      attachmentsOf(options.attach);
      const runtime = await openRuntime(loadConfig(), 'report');
      try {
        await (options.send ? sendNow(runtime, kind, options) : renderToFile(runtime, kind, options));
      } finally {
        await runtime.close();
      }
    });
}
