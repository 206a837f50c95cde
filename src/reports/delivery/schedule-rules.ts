// What a schedule may say, checked before it is stored, and when it fires. cron: 5 fields
// (minute hour day-of-month month day-of-week, croner's syntax — no seconds, no @nicknames), read
// in an IANA time zone; recipients: 1–50 e-mail addresses; attachments ⊆ pdf, xlsx, csv. Every
// error is a ReportInputError naming the field and the problem.
import { Cron } from 'croner';
import * as z from 'zod';
import { ATTACHMENT_FORMATS, type AttachmentFormat } from '../../read/reports/contract.js';
import { ReportInputError } from './errors.js';

export const MAX_RECIPIENTS = 50;
const address = z.email().max(254);

/** The cron expression with its fields separated by one space; a ReportInputError when it is not 5 valid fields. */
export function checkCron(cron: string): string {
  const fields = cron.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    throw new ReportInputError(`cron: "${cron.slice(0, 120)}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; expected 5: minute hour day-of-month month day-of-week (e.g. "0 7 * * 1-5")`);
  }
  const normalised = fields.join(' ');
  let schedule;
  try {
    schedule = new Cron(normalised, { paused: true, mode: '5-part' });
  } catch (error) {
    throw new ReportInputError(`cron: "${normalised}" is not valid: ${(error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, '')}`);
  }
  if (!schedule.nextRun()) throw new ReportInputError(`cron: "${normalised}" never fires (no such date)`);
  return normalised;
}

/** The IANA time zone name, trimmed; a ReportInputError when neither Intl nor croner knows it. */
export function checkTimeZone(timeZone: string): string {
  const zone = timeZone.trim();
  try {
    if (zone === '') throw new Error('empty');
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    new Cron('0 0 * * *', { paused: true, mode: '5-part', timezone: zone }).nextRun(new Date(0));
  } catch {
    throw new ReportInputError(`timeZone: "${zone.slice(0, 64)}" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`);
  }
  return zone;
}

/** 1–50 addresses, lower-cased, each once; a ReportInputError naming the first bad one. */
export function checkRecipients(recipients: readonly string[], field = 'recipients'): string[] {
  const cleaned = [...new Set(recipients.map((r) => r.trim().toLowerCase()))];
  if (cleaned.length === 0) throw new ReportInputError(`${field}: at least one e-mail address is needed`);
  if (cleaned.length > MAX_RECIPIENTS) throw new ReportInputError(`${field}: at most ${MAX_RECIPIENTS} e-mail addresses (got ${cleaned.length})`);
  const bad = cleaned.find((r) => !address.safeParse(r).success);
  if (bad !== undefined) throw new ReportInputError(`${field}: "${bad.slice(0, 254)}" is not an e-mail address`);
  return cleaned;
}

/** The attachment formats, each once, in the order pdf, xlsx, csv; none is allowed (the HTML body only). */
export function checkFormats(formats: readonly string[]): AttachmentFormat[] {
  const bad = formats.find((f) => !(ATTACHMENT_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined) throw new ReportInputError(`formats: "${bad.slice(0, 20)}" is not an attachment format: expected ${ATTACHMENT_FORMATS.join(', ')}`);
  return ATTACHMENT_FORMATS.filter((f) => formats.includes(f));
}

const cronOf = (cron: string, timeZone: string) => new Cron(cron, { paused: true, mode: '5-part', timezone: timeZone });

/** The first fire time strictly after `after`, or null when it never fires again. */
export function nextFireAfter(cron: string, timeZone: string, after: Date): Date | null {
  return cronOf(cron, timeZone).nextRun(after);
}

/** The latest fire time in (after, upTo], or null when none falls there. */
export function latestFireIn(cron: string, timeZone: string, after: Date, upTo: Date): Date | null {
  const schedule = cronOf(cron, timeZone);
  const first = schedule.nextRun(after);
  if (!first || first.getTime() > upTo.getTime()) return null;
  // Fire times fall on whole minutes: one before upTo + 1 ms is one at or before upTo.
  const [latest] = schedule.previousRuns(1, new Date(upTo.getTime() + 1));
  return latest && latest.getTime() >= first.getTime() ? latest : first;
}
