import { describe, expect, it } from 'vitest';
import type { ReportSchedule } from '@read/reports/contract.js';
import { badAddress, cronInWords, formToSchedule, presetFor, presetOf, PRESET_CRON, scheduleFormValues, splitAddresses, timeZones } from './schedule-form.js';

describe('cronInWords', () => {
  it.each([
    ['0 7 * * *', 'Europe/Berlin', 'Every day at 07:00 (Europe/Berlin)'],
    ['30 6 * * 1-5', 'UTC', 'Every weekday at 06:30 (UTC)'],
    ['0 8 * * 1', 'America/New_York', 'Every Monday at 08:00 (America/New_York)'],
    ['0 8 * * MON', 'UTC', 'Every Monday at 08:00 (UTC)'],
    ['0 9 * * 0', 'UTC', 'Every Sunday at 09:00 (UTC)'],
    ['0 9 * * 7', 'UTC', 'Every Sunday at 09:00 (UTC)'],
    ['0 8 1 * *', 'Asia/Tokyo', 'Monthly on the 1st at 08:00 (Asia/Tokyo)'],
    ['15 18 22 * *', 'UTC', 'Monthly on the 22nd at 18:15 (UTC)'],
    ['0 8 11 * *', 'UTC', 'Monthly on the 11th at 08:00 (UTC)'],
    ['0 8 L * *', 'UTC', 'Monthly on the last day at 08:00 (UTC)'],
  ])('%s in %s → %s', (cron, zone, words) => {
    expect(cronInWords(cron, zone)).toBe(words);
  });

  it.each([
    ['0 */6 * * *'],
    ['0 7 * 1 *'],
    ['0 7 1 * 1'],
    ['0 7,19 * * *'],
    ['0 7 * *'],
    ['0 25 * * *'],
  ])('%s stays an expression (still exact)', (cron) => {
    expect(cronInWords(cron, 'UTC')).toBe(`${cron} (UTC)`);
  });
});

describe('presets', () => {
  it('each report gets the preset that fits it, and a preset is recognised from its expression', () => {
    expect(presetFor('daily')).toBe('daily');
    expect(presetFor('weekly')).toBe('weekly');
    expect(presetFor('board')).toBe('monthly');
    expect(presetFor('rpt_0123456789abcdef')).toBe('daily');
    for (const [preset, cron] of Object.entries(PRESET_CRON)) expect(presetOf(` ${cron.replace(/ /g, '  ')} `)).toBe(preset);
    expect(presetOf('0 6 * * *')).toBe('custom');
  });

  it('the presets read as the brief says', () => {
    expect(cronInWords(PRESET_CRON.daily, 'Europe/Berlin')).toBe('Every day at 07:00 (Europe/Berlin)');
    expect(cronInWords(PRESET_CRON.weekly, 'UTC')).toBe('Every Monday at 08:00 (UTC)');
    expect(cronInWords(PRESET_CRON.monthly, 'UTC')).toBe('Monthly on the 1st at 08:00 (UTC)');
  });
});

describe('addresses', () => {
  it('splits on commas, semicolons, spaces and new lines, once each', () => {
    expect(splitAddresses(' a@x.com, b@y.org;c@z.io\n a@x.com  ')).toEqual(['a@x.com', 'b@y.org', 'c@z.io']);
    expect(splitAddresses('  ,; ')).toEqual([]);
  });
  it('names the first that is not an address', () => {
    expect(badAddress(['a@x.com', 'nope', 'b@'])).toBe('nope');
    expect(badAddress(['a@x.com', 'first.last+tag@sub.example.co.uk'])).toBeNull();
    expect(badAddress(['<a@x.com>'])).toBe('<a@x.com>');
  });
});

describe('formToSchedule', () => {
  const base = scheduleFormValues(null, { reportKey: 'board', timeZone: 'Europe/Berlin' });

  it('a new schedule starts on the preset of its report, in the given zone, with PDF and Excel', () => {
    expect(base).toMatchObject({ reportKey: 'board', preset: 'monthly', cron: PRESET_CRON.monthly, timeZone: 'Europe/Berlin', formats: ['pdf', 'xlsx'], enabled: true });
  });

  it('a preset sends its own expression, a custom one the typed one tidied', () => {
    expect(formToSchedule({ ...base, recipients: 'ceo@x.com' })).toEqual({ ok: true, value: { reportKey: 'board', cron: '0 8 1 * *', timeZone: 'Europe/Berlin', recipients: ['ceo@x.com'], formats: ['pdf', 'xlsx'], enabled: true } });
    const custom = formToSchedule({ ...base, preset: 'custom', cron: '  0  6 * *   1-5 ', recipients: 'a@x.com\nb@x.com', formats: ['csv', 'pdf'], enabled: false });
    expect(custom).toEqual({ ok: true, value: { reportKey: 'board', cron: '0 6 * * 1-5', timeZone: 'Europe/Berlin', recipients: ['a@x.com', 'b@x.com'], formats: ['pdf', 'csv'], enabled: false } });
  });

  it.each([
    [{ reportKey: '' }, 'reportKey'],
    [{ preset: 'custom' as const, cron: '0 7 * *' }, 'cron'],
    [{ timeZone: '' }, 'timeZone'],
    [{ recipients: '' }, 'recipients'],
    [{ recipients: 'ceo@x.com, board' }, 'recipients'],
    [{ recipients: Array.from({ length: 51 }, (_, i) => `p${i}@x.com`).join(',') }, 'recipients'],
  ])('%j is refused on %s', (patch, field) => {
    const result = formToSchedule({ ...base, recipients: 'ceo@x.com', ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it('round-trips a saved schedule through the form', () => {
    const saved: ReportSchedule = { id: 'sch_1', reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'Asia/Tokyo', recipients: ['a@x.com', 'b@x.com'], formats: ['xlsx'], enabled: false, nextRunAt: null, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z' };
    const values = scheduleFormValues(saved, { reportKey: 'daily', timeZone: 'UTC' });
    expect(values.preset).toBe('weekly');
    expect(formToSchedule(values)).toEqual({ ok: true, value: { reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'Asia/Tokyo', recipients: ['a@x.com', 'b@x.com'], formats: ['xlsx'], enabled: false } });
  });
});

describe('timeZones', () => {
  it('offers UTC and the reader’s zone first, once, even when the browser lists none', () => {
    expect(timeZones('Europe/Berlin', () => ['Africa/Abidjan', 'Europe/Berlin']).slice(0, 3)).toEqual(['UTC', 'Europe/Berlin', 'Africa/Abidjan']);
    expect(timeZones('Europe/Berlin', () => { throw new Error('old browser'); })).toEqual(['UTC', 'Europe/Berlin']);
    expect(timeZones('UTC').filter((z) => z === 'UTC')).toHaveLength(1);
  });
});
