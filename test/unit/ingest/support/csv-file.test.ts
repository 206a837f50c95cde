// The ticket and survey-response CSV layouts: good rows (defaults, aliases, date formats), each
// kind of bad row with its line-numbered problem, and bad headers.
import { describe, expect, it } from 'vitest';
import { parseSurveyCsv, parseTicketCsv, SupportFileError } from '../../../../src/ingest/support/csv-file.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof SupportFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a SupportFileError');
}

describe('parseTicketCsv', () => {
  it.each([
    ['ISO with Z', '2024-04-01T09:15:00Z', '2024-04-01T09:15:00.000Z'],
    ['ISO with an offset', '2024-04-01T09:15:00+02:00', '2024-04-01T07:15:00.000Z'],
    ['ISO with fractions', '2024-04-01T09:15:00.250Z', '2024-04-01T09:15:00.250Z'],
    ['YYYY-MM-DD HH:mm (UTC)', '2024-04-01 09:15', '2024-04-01T09:15:00.000Z'],
    ['YYYY-MM-DD HH:mm:ss', '2024-04-01 09:15:30', '2024-04-01T09:15:30.000Z'],
    ['a bare day: its start', '2024-04-01', '2024-04-01T00:00:00.000Z'],
  ])('reads opened_at written as %s', (_name, cell, iso) => {
    const [row] = parseTicketCsv(`id,opened_at\nt1,${cell}\n`);
    expect(row!.record.openedAt.toISOString()).toBe(iso);
  });

  it('reads a full row, defaults, aliases and any column order', () => {
    const rows = parseTicketCsv([
      'Ticket ID,Created At,solved_at,Priority,email,subject,satisfaction,first_response_at,customer_id,account_id,status',
      'z-1,2024-04-01 09:00,2024-04-02 09:00,URGENT,Ann@Acme.io,"Broken, again",5,2024-04-01 09:30,cus_1,acct_1,',
      'z-2,2024-04-03,,,,,,,,,',
      'z-3,2024-04-03,,low,,,,,,,pending',
    ].join('\r\n'));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]!.record).toEqual({
      id: 'z-1', customerId: 'cus_1', email: 'ann@acme.io', accountId: 'acct_1', subject: 'Broken, again', status: 'closed', priority: 'urgent',
      openedAt: new Date('2024-04-01T09:00:00Z'), firstResponseAt: new Date('2024-04-01T09:30:00Z'), closedAt: new Date('2024-04-02T09:00:00Z'), satisfaction: 5,
    });
    expect(rows[1]!.record).toMatchObject({ status: 'open', priority: 'normal', customerId: null, email: null, subject: null, closedAt: null, satisfaction: null });
    expect(rows[2]!.record).toMatchObject({ status: 'pending', priority: 'low' });
  });

  it.each([
    ['an unknown priority', 't,2024-04-01,,hgh,,', 'line 2: priority must be one of low, normal, high, urgent (found "hgh")'],
    ['an unknown status', 't,2024-04-01,,,,done', 'line 2: status must be one of open, pending, closed (found "done")'],
    ['an impossible day', 't,2024-02-30,,,,', 'line 2: opened_at "2024-02-30" is not a date and time (YYYY-MM-DD, YYYY-MM-DD HH:mm or ISO 8601)'],
    ['a US date', 't,04/01/2024,,,,', 'line 2: opened_at "04/01/2024" is not a date and time (YYYY-MM-DD, YYYY-MM-DD HH:mm or ISO 8601)'],
    ['no opened_at', 't,,,,,', 'line 2: opened_at is required'],
    ['no id', ',2024-04-01,,,,', 'line 2: id is required'],
    ['satisfaction out of range', 't,2024-04-01,2024-04-02,,6,', 'line 2: satisfaction must be a whole number from 1 to 5 (found "6")'],
    ['satisfaction not whole', 't,2024-04-01,2024-04-02,,4.5,', 'line 2: satisfaction must be a whole number from 1 to 5 (found "4.5")'],
    ['closed before opened', 't,2024-04-02,2024-04-01,,,', 'line 2: closed_at is before opened_at'],
    ['closed without a time', 't,2024-04-01,,,,closed', 'line 2: closed_at is required when status is closed'],
    ['open with a closed time', 't,2024-04-01,2024-04-02,,,open', 'line 2: closed_at is given but status is open: a ticket with a closed time is closed'],
    ['too many values', 't,2024-04-01,,,,,extra', 'line 2: 7 values but the header has 6 columns'],
  ])('refuses %s', (_name, row, problem) => {
    expect(problemsOf(() => parseTicketCsv(`id,opened_at,closed_at,priority,satisfaction,status\n${row}\n`))).toEqual([problem]);
  });

  it('lists every bad line, and repeated ids', () => {
    expect(problemsOf(() => parseTicketCsv('id,opened_at,email\na,2024-04-01,x\nb,2024-04-01,ok@x.io\na,2024-04-02,\n'))).toEqual([
      'line 2: email "x" is not an e-mail address',
      'line 4: id "a" is also on line 2',
    ]);
  });

  it.each([
    ['an unknown column', 'id,opened_at,prio\n', 'line 1: unknown column "prio" (the columns are id, customer_id, email, account_id, subject, status, priority, opened_at, first_response_at, closed_at, satisfaction)'],
    ['a missing required column', 'id,subject\n', 'line 1: the column opened_at is missing'],
    ['the same field twice', 'id,opened_at,created_at\n', 'line 1: columns "opened_at" and "created_at" are the same field'],
  ])('refuses a header with %s', (_name, text, problem) => {
    expect(problemsOf(() => parseTicketCsv(text))).toContain(problem);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(problemsOf(() => parseTicketCsv('\uFEFF\r\n'))).toEqual(['the file is empty']);
    expect(problemsOf(() => parseTicketCsv('id,opened_at\r\n'))).toEqual(['line 1: the file has a header but no rows']);
  });

  it('lists the first 50 problems and counts them all', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `t${i},nope`).join('\n');
    try {
      parseTicketCsv(`id,opened_at\n${rows}`);
      throw new Error('expected a SupportFileError');
    } catch (error) {
      expect(error).toBeInstanceOf(SupportFileError);
      const e = error as SupportFileError;
      expect([e.problems.length, e.problemCount]).toEqual([50, 60]);
      expect(e.message).toMatch(/^60 problems \(the first 50 listed\):\n {2}line 2: /);
    }
  });
});

describe('parseSurveyCsv', () => {
  it('reads NPS and CSAT rows; kind defaults to nps; a quoted comment keeps its commas and line breaks', () => {
    const rows = parseSurveyCsv('response_id,score,date,comment,kind,email\nr1,10,2024-04-01,"Great, ""really""\nthanks",,a@b.co\nr2,7,2024-04-02 10:00,,CSAT,\n');
    expect(rows.map((r) => [r.line, r.record.id, r.record.kind, r.record.score, r.record.comment, r.record.respondedAt.toISOString()])).toEqual([
      [2, 'r1', 'nps', 10, 'Great, "really"\nthanks', '2024-04-01T00:00:00.000Z'],
      [4, 'r2', 'csat', 7, null, '2024-04-02T10:00:00.000Z'],
    ]);
  });

  it.each([
    ['a score above 10', 'r,11,2024-04-01,', 'line 2: score must be a whole number from 0 to 10 (found "11")'],
    ['a negative score', 'r,-1,2024-04-01,', 'line 2: score must be a whole number from 0 to 10 (found "-1")'],
    ['no score', 'r,,2024-04-01,', 'line 2: score is required'],
    ['an unknown kind', 'r,5,2024-04-01,ces', 'line 2: kind must be one of nps, csat (found "ces")'],
    ['no date', 'r,5,,', 'line 2: responded_at is required'],
  ])('refuses %s', (_name, row, problem) => {
    expect(problemsOf(() => parseSurveyCsv(`id,score,responded_at,kind\n${row}\n`))).toEqual([problem]);
  });
});
