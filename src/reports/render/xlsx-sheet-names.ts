// Worksheet names from table and chart titles, as Excel accepts them: at most 31 characters, none
// of [ ] : * ? / \, not starting or ending with an apostrophe, not "History" (Excel keeps it for
// change tracking), and unique ignoring case — a repeated title gets " (2)", " (3)", …
export const MAX_SHEET_NAME = 31;

/** Cut to `max` UTF-16 units without splitting a surrogate pair, then trimmed. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd();
}

/** Without spaces or apostrophes at either end (Excel refuses a name that starts or ends with '). */
function unquoted(text: string): string {
  return text.replace(/^[\s']+|[\s']+$/g, '');
}

/** A title as a valid sheet name (not yet made unique). */
export function sheetNameOf(title: string): string {
  const cleaned = title
    .replace(/[/\\:]/g, '-')
    .replace(/\[/g, '(')
    .replace(/]/g, ')')
    .replace(/[*?]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ');
  return unquoted(cut(unquoted(cleaned), MAX_SHEET_NAME)) || 'Sheet';
}

/** Hands out names no sheet of the workbook has yet (compared as Excel does, ignoring case). */
export function createSheetNamer(reserved: readonly string[] = []): (title: string) => string {
  const taken = new Set(reserved.map((name) => name.toLowerCase()));
  taken.add('history');
  return (title) => {
    const base = sheetNameOf(title);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${cut(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  };
}
