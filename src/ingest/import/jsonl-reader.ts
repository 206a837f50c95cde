// Reads a JSON-lines subscription file: one object per line, blank lines skipped. Numbers are
// kept as the text they were written as (49.00 stays "49.00"), so an amount is never rounded
// through a float: before parsing, every number token outside a string is turned into a string.
// Values are text; null is an empty cell; nested objects and arrays are kept as their JSON. Pure.

export type JsonlRecord = { line: number; values: Map<string, { text: string; kind: 'text' | 'number' | 'boolean' | 'json' }> };
export type JsonlProblem = { line: number; message: string };

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** `text` with every JSON number token outside a string written as a string of its digits. */
export function quoteNumbers(text: string): string {
  let out = '';
  let i = 0;
  let copied = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match) {
        // A JSON escape, not the character: JSON.parse refuses raw control characters in strings.
        out += `${text.slice(copied, i)}"\\u0000${match[0]}"`;
        i += match[0].length;
        copied = i;
        continue;
      }
    }
    i += 1;
  }
  return out + text.slice(copied);
}

export function readJsonl(text: string): { records: JsonlRecord[]; problems: JsonlProblem[]; keys: string[] } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = source.split(/\r\n|\n|\r/);
  const records: JsonlRecord[] = [];
  const problems: JsonlProblem[] = [];
  const keys = new Set<string>();
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(quoteNumbers(raw));
    } catch (error) {
      problems.push({ line, message: `not valid JSON (${(error as Error).message.replaceAll('\u0000', '')})` });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ line, message: 'each line must be one JSON object ({"customer_id": …, …})' });
      return;
    }
    const values: JsonlRecord['values'] = new Map();
    for (const [key, value] of Object.entries(parsed)) {
      const name = key.trim().toLowerCase();
      if (values.has(name)) {
        problems.push({ line, message: `the key "${key}" is given twice (keys are case-insensitive)` });
        return;
      }
      values.set(name, valueOf(value));
    }
    for (const name of values.keys()) keys.add(name);
    records.push({ line, values });
  });
  return { records, problems, keys: [...keys] };
}

function valueOf(value: unknown): { text: string; kind: 'text' | 'number' | 'boolean' | 'json' } {
  if (value === null) return { text: '', kind: 'text' };
  if (typeof value === 'string') return value.startsWith('\u0000') ? { text: value.slice(1), kind: 'number' } : { text: value, kind: 'text' };
  if (typeof value === 'boolean') return { text: String(value), kind: 'boolean' };
  return { text: JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.startsWith('\u0000') ? v.slice(1) : v)), kind: 'json' };
}
