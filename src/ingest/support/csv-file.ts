// The CSV layouts of the ticket and survey-response imports (docs/support-import.md): the header
// names the columns (any order, any case, a few aliases), each row becomes a record through the
// same readers as the API, and every problem is collected with its line number. Pure: text in,
// records out, or a SupportFileError listing the problems (nothing is stored from a bad file).
import { splitCsv } from './csv-records.js';
import { readSurvey, readTicket, type Fields, type Outcome, type SurveyField, type SurveyRecord, type TicketField, type TicketRecord } from './records.js';

/** At most this many problems are listed in a SupportFileError (the count says how many there were). */
export const MAX_LISTED_PROBLEMS = 50;

export class SupportFileError extends Error {
  override readonly name = 'SupportFileError';
  readonly problems: string[];
  readonly problemCount: number;
  constructor(problems: readonly string[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    super(
      problems.length === 1
        ? listed[0]!
        : `${problems.length} problems${problems.length > listed.length ? ` (the first ${listed.length} listed)` : ''}:\n  ${listed.join('\n  ')}`,
    );
    this.problems = listed;
    this.problemCount = problems.length;
  }
}

type Layout<F extends string> = {
  /** Column name → field, with aliases. */
  columns: Record<string, F>;
  /** The column each field is named by in problems. */
  names: Record<F, string>;
  required: readonly F[];
};

export const TICKET_LAYOUT: Layout<TicketField> = {
  columns: {
    id: 'id', ticket_id: 'id', customer_id: 'customerId', email: 'email', account_id: 'accountId', subject: 'subject', status: 'status',
    priority: 'priority', opened_at: 'openedAt', created_at: 'openedAt', first_response_at: 'firstResponseAt', closed_at: 'closedAt',
    solved_at: 'closedAt', satisfaction: 'satisfaction',
  },
  names: {
    id: 'id', customerId: 'customer_id', email: 'email', accountId: 'account_id', subject: 'subject', status: 'status', priority: 'priority',
    openedAt: 'opened_at', firstResponseAt: 'first_response_at', closedAt: 'closed_at', satisfaction: 'satisfaction',
  },
  required: ['id', 'openedAt'],
};

export const SURVEY_LAYOUT: Layout<SurveyField> = {
  columns: {
    id: 'id', response_id: 'id', kind: 'kind', score: 'score', comment: 'comment', responded_at: 'respondedAt', date: 'respondedAt',
    customer_id: 'customerId', email: 'email', account_id: 'accountId',
  },
  names: { id: 'id', kind: 'kind', score: 'score', comment: 'comment', respondedAt: 'responded_at', customerId: 'customer_id', email: 'email', accountId: 'account_id' },
  required: ['id', 'score', 'respondedAt'],
};

export type ParsedRow<T> = { line: number; record: T };

function parseFile<F extends string, T extends { id: string }>(text: string, layout: Layout<F>, read: (fields: Fields<F>) => Outcome<T>): ParsedRow<T>[] {
  const { records, problems } = splitCsv(text);
  const [header, ...rows] = records;
  if (header === undefined) throw new SupportFileError(problems.length > 0 ? problems : ['the file is empty']);
  const fieldAt: (F | null)[] = [];
  const seen = new Map<F, string>();
  for (const cell of header.cells) {
    const name = cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const field = Object.hasOwn(layout.columns, name) ? layout.columns[name]! : null;
    if (field === null) {
      if (name !== '') problems.push(`line ${header.line}: unknown column "${cell}" (the columns are ${Object.values(layout.names).join(', ')})`);
    } else if (seen.has(field)) {
      problems.push(`line ${header.line}: columns "${seen.get(field)}" and "${cell}" are the same field`);
    } else seen.set(field, cell);
    fieldAt.push(field);
  }
  for (const field of layout.required) if (!seen.has(field)) problems.push(`line ${header.line}: the column ${layout.names[field]} is missing`);
  if (problems.length > 0) throw new SupportFileError(problems);
  if (rows.length === 0) throw new SupportFileError([`line ${header.line}: the file has a header but no rows`]);

  const parsed: ParsedRow<T>[] = [];
  const lineOfId = new Map<string, number>();
  for (const { line, cells } of rows) {
    const extra = cells.slice(fieldAt.length).filter((c) => c !== '');
    if (extra.length > 0) {
      problems.push(`line ${line}: ${cells.length} values but the header has ${fieldAt.length} columns`);
      continue;
    }
    const values: Partial<Record<F, string>> = {};
    fieldAt.forEach((field, index) => {
      if (field !== null) values[field] = cells[index] ?? '';
    });
    const outcome = read({ values, name: (f) => layout.names[f] });
    if (!outcome.ok) for (const p of outcome.problems) problems.push(`line ${line}: ${p}`);
    // A repeated id is named even when the first row was refused for another reason.
    const id = (values as Partial<Record<string, string>>).id?.trim() ?? '';
    const earlier = id === '' ? undefined : lineOfId.get(id);
    if (earlier !== undefined) problems.push(`line ${line}: id "${id}" is also on line ${earlier}`);
    else if (id !== '') lineOfId.set(id, line);
    if (outcome.ok && earlier === undefined) parsed.push({ line, record: outcome.record });
  }
  if (problems.length > 0) throw new SupportFileError(problems);
  return parsed;
}

/** The tickets of a ticket CSV; throws SupportFileError listing every bad line. */
export function parseTicketCsv(text: string): ParsedRow<TicketRecord>[] {
  return parseFile(text, TICKET_LAYOUT, readTicket);
}

/** The responses of a survey-response CSV; throws SupportFileError listing every bad line. */
export function parseSurveyCsv(text: string): ParsedRow<SurveyRecord>[] {
  return parseFile(text, SURVEY_LAYOUT, readSurvey);
}
