// A report schedule as an editable form and back, and its cron expression in words ("Every day at
// 07:00 (Europe/Berlin)"). Pure: the schedules panel and its tests share it. The server validates
// again (croner, IANA zones, addresses); this catches what a person can fix before sending.
import { ATTACHMENT_FORMATS, type AttachmentFormat, type ReportSchedule } from '@read/reports/contract.js';

export type CronPreset = 'daily' | 'weekly' | 'monthly' | 'custom';

/** The presets' cron expressions (minute hour day-of-month month day-of-week). */
export const PRESET_CRON: Record<Exclude<CronPreset, 'custom'>, string> = {
  daily: '0 7 * * *',
  weekly: '0 8 * * 1',
  monthly: '0 8 1 * *',
};

export const PRESET_LABELS: Record<CronPreset, string> = {
  daily: 'Daily at 07:00',
  weekly: 'Weekly, Monday 08:00',
  monthly: 'Monthly, on the 1st at 08:00',
  custom: 'Custom (cron expression)',
};

/** The preset that fits a built-in report (the daily e-mail daily, the board pack monthly…). */
export function presetFor(reportKey: string): Exclude<CronPreset, 'custom'> {
  return reportKey === 'weekly' ? 'weekly' : reportKey === 'board' ? 'monthly' : 'daily';
}

export function presetOf(cron: string): CronPreset {
  const normal = cron.trim().split(/\s+/).join(' ');
  const found = (Object.keys(PRESET_CRON) as (keyof typeof PRESET_CRON)[]).find((p) => PRESET_CRON[p] === normal);
  return found ?? 'custom';
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
};

function weekday(field: string): number | null {
  const named = WEEKDAY_NAMES[field.toLowerCase()];
  if (named !== undefined) return named;
  return /^[0-7]$/.test(field) ? Number(field) : null;
}

/**
 * The expression in words where it is simple — a fixed minute and hour, every day, on weekdays,
 * on one weekday, or on one day of the month — with the time zone; otherwise the expression
 * itself with its zone, which is still exact.
 */
export function cronInWords(cron: string, timeZone: string): string {
  const fields = cron.trim().split(/\s+/);
  const raw = `${fields.join(' ')} (${timeZone})`;
  if (fields.length !== 5) return raw;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour) || Number(minute) > 59 || Number(hour) > 23 || month !== '*') return raw;
  const at = `at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')} (${timeZone})`;
  if (dom === '*' && dow === '*') return `Every day ${at}`;
  if (dom === '*' && (dow === '1-5' || dow.toLowerCase() === 'mon-fri')) return `Every weekday ${at}`;
  if (dom === '*') {
    const day = weekday(dow);
    return day === null ? raw : `Every ${WEEKDAYS[day]} ${at}`;
  }
  if (dow === '*' && /^\d{1,2}$/.test(dom) && Number(dom) >= 1 && Number(dom) <= 31) return `Monthly on the ${ordinal(Number(dom))} ${at}`;
  if (dow === '*' && dom === 'L') return `Monthly on the last day ${at}`;
  return raw;
}

export type ScheduleFormValues = {
  reportKey: string;
  preset: CronPreset;
  cron: string;
  timeZone: string;
  recipients: string;
  formats: AttachmentFormat[];
  enabled: boolean;
};

export type ScheduleInput = { reportKey: string; cron: string; timeZone: string; recipients: string[]; formats: AttachmentFormat[]; enabled: boolean };

export function scheduleFormValues(schedule: ReportSchedule | null, defaults: { reportKey: string; timeZone: string }): ScheduleFormValues {
  if (!schedule) {
    const preset = presetFor(defaults.reportKey);
    return { reportKey: defaults.reportKey, preset, cron: PRESET_CRON[preset], timeZone: defaults.timeZone, recipients: '', formats: ['pdf', 'xlsx'], enabled: true };
  }
  return {
    reportKey: schedule.reportKey,
    preset: presetOf(schedule.cron),
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    recipients: schedule.recipients.join(', '),
    formats: [...schedule.formats],
    enabled: schedule.enabled,
  };
}

/** Addresses typed into one box: separated by commas, semicolons, spaces or new lines. */
export function splitAddresses(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((a) => a.trim()).filter((a) => a.length > 0))];
}

/** Close to what a mail server takes: something@domain.tld, no spaces or angle brackets. */
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The first address that is not one, or null. */
export function badAddress(addresses: string[]): string | null {
  return addresses.find((a) => !ADDRESS.test(a) || a.length > 254) ?? null;
}

export type ScheduleFormResult = { ok: true; value: ScheduleInput } | { ok: false; field: keyof ScheduleFormValues; message: string };

export function formToSchedule(v: ScheduleFormValues): ScheduleFormResult {
  if (!v.reportKey) return { ok: false, field: 'reportKey', message: 'Choose a report.' };
  const cron = (v.preset === 'custom' ? v.cron : PRESET_CRON[v.preset]).trim().split(/\s+/).join(' ');
  if (cron.split(' ').length !== 5) return { ok: false, field: 'cron', message: 'Five fields: minute, hour, day of month, month, day of week (e.g. 0 7 * * 1-5).' };
  if (!v.timeZone) return { ok: false, field: 'timeZone', message: 'Choose a time zone.' };
  const recipients = splitAddresses(v.recipients);
  if (recipients.length === 0) return { ok: false, field: 'recipients', message: 'Add at least one address.' };
  if (recipients.length > 50) return { ok: false, field: 'recipients', message: 'At most 50 addresses.' };
  const bad = badAddress(recipients);
  if (bad) return { ok: false, field: 'recipients', message: `“${bad}” is not an e-mail address.` };
  const formats = ATTACHMENT_FORMATS.filter((f) => v.formats.includes(f));
  return { ok: true, value: { reportKey: v.reportKey, cron, timeZone: v.timeZone, recipients, formats, enabled: v.enabled } };
}

/** The reader's time zone, and every zone the browser knows (UTC first, the reader's kept). */
export function timeZones(current: string, known: () => string[] = () => Intl.supportedValuesOf('timeZone')): string[] {
  let zones: string[] = [];
  try {
    zones = known();
  } catch {
    // An older browser: the reader's zone and UTC are still offered.
  }
  return [...new Set(['UTC', current, ...zones])];
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "Thu, Mar 19, 07:00" in the schedule's zone. */
export function formatInZone(iso: string, timeZone: string, locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }
}
