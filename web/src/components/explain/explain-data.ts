// GET /v1/explain as the panel reads it, and the arithmetic the panel shows: the loaded lines of
// each currency add up to that currency's total, and the currencies' converted totals add up to
// the figure. Pure, so the "sums to the figure" promise is unit-tested.
import * as z from 'zod/mini';

const int = z.int();

export const explainSchema = z.object({
  metric: z.string(),
  from: z.nullable(z.string()),
  to: z.string(),
  currency: z.nullable(z.string()),
  total: int,
  groups: z.array(z.object({ currency: z.nullable(z.string()), native: int, reporting: int })),
  lines: z.array(z.object({ customerId: z.string(), name: z.nullable(z.string()), currency: z.nullable(z.string()), amount: int, days: z.array(z.string()) })),
  nextCursor: z.nullable(z.string()),
});

export type ExplainPage = z.infer<typeof explainSchema>;
export type ExplainLine = ExplainPage['lines'][number];
export type ExplainGroup = ExplainPage['groups'][number];

export type GroupCheck = ExplainGroup & { linesSum: number; lineCount: number; complete: boolean };

export type ExplainSummary = {
  total: number;
  groups: GroupCheck[];
  /** Σ of the groups' converted totals: equals `total` by the API's contract. */
  groupsSum: number;
  lines: ExplainLine[];
  complete: boolean;
};

/** Merges the pages loaded so far. `complete` once the last page is in (no next cursor). */
export function summariseExplain(pages: readonly ExplainPage[]): ExplainSummary | null {
  const first = pages[0];
  if (!first) return null;
  const complete = pages[pages.length - 1]!.nextCursor === null;
  const lines = pages.flatMap((p) => p.lines);
  const groups = first.groups.map((group) => {
    const mine = lines.filter((l) => l.currency === group.currency);
    return { ...group, linesSum: mine.reduce((s, l) => s + l.amount, 0), lineCount: mine.length, complete };
  });
  return { total: first.total, groups, groupsSum: first.groups.reduce((s, g) => s + g.reporting, 0), lines, complete };
}

/** By currency (in the groups' order, so amounts of one currency stand together), then largest
 *  first (by magnitude), then by name: the customers who matter most on top. */
export function sortLines(lines: readonly ExplainLine[], currencies: ReadonlyArray<string | null> = []): ExplainLine[] {
  const rank = (c: string | null) => {
    const i = currencies.indexOf(c);
    return i === -1 ? currencies.length : i;
  };
  return [...lines].sort((a, b) => rank(a.currency) - rank(b.currency) || Math.abs(b.amount) - Math.abs(a.amount) || (a.name ?? a.customerId).localeCompare(b.name ?? b.customerId));
}
