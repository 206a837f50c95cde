// A support ticket and a survey response as Revpulse stores them, read from named text fields —
// the same rules for the API's JSON and the CSV import, so both refuse the same rows with the
// same words. Pure: fields in, a record or the list of problems out.
import { readChoice, readEmail, readId, readInstant, readInteger, readText, type Read } from './cells.js';

export const TICKET_STATUS_VALUES = ['open', 'pending', 'closed'] as const;
export const TICKET_PRIORITY_VALUES = ['low', 'normal', 'high', 'urgent'] as const;
export const SURVEY_KIND_VALUES = ['nps', 'csat'] as const;

/** Who a row is about: any of these may be missing (matching then tries the next, see match.ts). */
export type Identity = { customerId: string | null; email: string | null; accountId: string | null };

export type TicketRecord = Identity & {
  id: string;
  subject: string | null;
  status: (typeof TICKET_STATUS_VALUES)[number];
  priority: (typeof TICKET_PRIORITY_VALUES)[number];
  openedAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  satisfaction: number | null;
};

export type SurveyRecord = Identity & {
  id: string;
  kind: (typeof SURVEY_KIND_VALUES)[number];
  score: number;
  comment: string | null;
  respondedAt: Date;
};

export const TICKET_FIELDS = ['id', 'customerId', 'email', 'accountId', 'subject', 'status', 'priority', 'openedAt', 'firstResponseAt', 'closedAt', 'satisfaction'] as const;
export const SURVEY_FIELDS = ['id', 'kind', 'score', 'comment', 'respondedAt', 'customerId', 'email', 'accountId'] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];
export type SurveyField = (typeof SURVEY_FIELDS)[number];

/** Text per field (undefined or '' = not given) and how a field is named in problems. */
export type Fields<F extends string> = { values: Partial<Record<F, string>>; name: (field: F) => string };

export type Outcome<T> = { ok: true; record: T } | { ok: false; problems: string[] };

class Reader<F extends string> {
  readonly problems: string[] = [];
  constructor(private readonly fields: Fields<F>) {}
  given(field: F): string | null {
    const v = this.fields.values[field];
    return v === undefined || v.trim() === '' ? null : v;
  }
  name(field: F): string {
    return this.fields.name(field);
  }
  take<T>(field: F, read: (name: string, text: string) => Read<T>): T | null {
    const text = this.given(field);
    if (text === null) return null;
    const r = read(this.name(field), text);
    if (r.ok) return r.value;
    this.problems.push(r.problem);
    return null;
  }
  required<T>(field: F, read: (name: string, text: string) => Read<T>): T | null {
    if (this.given(field) === null) {
      this.problems.push(`${this.name(field)} is required`);
      return null;
    }
    return this.take(field, read);
  }
}

function identity<F extends 'customerId' | 'email' | 'accountId'>(r: Reader<F>): Identity {
  return {
    customerId: r.take('customerId' as F, readId),
    email: r.take('email' as F, readEmail),
    accountId: r.take('accountId' as F, readId),
  };
}

/** A ticket from its fields. The status defaults to closed when a closed time is given, else open;
 *  the priority to normal. A closed ticket needs its closed time, an open one must not have one,
 *  and no time may come before the opening. */
export function readTicket(fields: Fields<TicketField>): Outcome<TicketRecord> {
  const r = new Reader(fields);
  const id = r.required('id', readId);
  const who = identity(r);
  const subject = r.take('subject', (n, t) => readText(n, t, 500));
  const givenStatus = r.take('status', (n, t) => readChoice(n, t, TICKET_STATUS_VALUES));
  const priority = r.take('priority', (n, t) => readChoice(n, t, TICKET_PRIORITY_VALUES)) ?? 'normal';
  const openedAt = r.required('openedAt', readInstant);
  const firstResponseAt = r.take('firstResponseAt', readInstant);
  const closedAt = r.take('closedAt', readInstant);
  const satisfaction = r.take('satisfaction', (n, t) => readInteger(n, t, 1, 5));
  const status = givenStatus ?? (closedAt !== null ? 'closed' : 'open');
  if (status === 'closed' && closedAt === null && r.given('closedAt') === null) r.problems.push(`${r.name('closedAt')} is required when ${r.name('status')} is closed`);
  if (status !== 'closed' && closedAt !== null) r.problems.push(`${r.name('closedAt')} is given but ${r.name('status')} is ${status}: a ticket with a closed time is closed`);
  if (openedAt && firstResponseAt && firstResponseAt < openedAt) r.problems.push(`${r.name('firstResponseAt')} is before ${r.name('openedAt')}`);
  if (openedAt && closedAt && closedAt < openedAt) r.problems.push(`${r.name('closedAt')} is before ${r.name('openedAt')}`);
  if (r.problems.length > 0 || id === null || openedAt === null) return { ok: false, problems: r.problems };
  return { ok: true, record: { id, ...who, subject, status, priority, openedAt, firstResponseAt, closedAt, satisfaction } };
}

/** A survey response from its fields; the kind defaults to nps. */
export function readSurvey(fields: Fields<SurveyField>): Outcome<SurveyRecord> {
  const r = new Reader(fields);
  const id = r.required('id', readId);
  const kind = r.take('kind', (n, t) => readChoice(n, t, SURVEY_KIND_VALUES)) ?? 'nps';
  const score = r.required('score', (n, t) => readInteger(n, t, 0, 10));
  const comment = r.take('comment', (n, t) => readText(n, t, 5000));
  const respondedAt = r.required('respondedAt', readInstant);
  const who = identity(r);
  if (r.problems.length > 0 || id === null || score === null || respondedAt === null) return { ok: false, problems: r.problems };
  return { ok: true, record: { id, kind, score, comment, respondedAt, ...who } };
}
