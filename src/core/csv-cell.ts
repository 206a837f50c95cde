// Spreadsheet formula injection ("CSV injection", OWASP): a cell whose text begins with `=`, `+`,
// `-`, `@`, a tab or a carriage return may be run as a formula by Excel, LibreOffice or Google
// Sheets when the file is opened (`=HYPERLINK("http://evil","click")`, `@SUM(A1)`, `-2+3`). Every
// CSV Revpulse writes — the API's exports (src/api/csv.ts), the audit log export and the
// dashboard's customers file — passes its text cells through `neutraliseFormula`, and only it.
//
// Only TEXT cells are neutralised. Numbers we write as numbers (amounts, counts, ratios: a churn of
// -1250) are never passed through it, so they stay numbers in a spreadsheet; a writer that holds a
// number as text (the dashboard's exact decimal MRR, "-12.50") marks that column numeric. Text that
// merely looks like a number — a customer named "-12.50" — is text, and is prefixed like any other.
// Pure and dependency-free, so the dashboard's bundle imports the same function.

/** The characters OWASP lists as starting a formula: = + - @ TAB (0x09) CR (0x0D). */
export const FORMULA_PREFIXES: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula, prefixed with `'` (shown as text, not run). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
