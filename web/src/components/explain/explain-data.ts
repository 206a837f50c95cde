// GET /v1/explain as the panel reads it (the response contract, src/read/explain/contract.ts),
// and the arithmetic the panel shows: the figure, how many lines make it up of which how many are
// loaded, and — once every page is in — that each currency's lines add up to its total and the
// lines' contributions to the figure. Pure, so the "sums to the figure" promise is unit-tested.
import { explainResponse, type ExplainGroup, type ExplainLine, type ExplainResponse } from '@read/explain/contract.js';

export const explainSchema = explainResponse;
export type ExplainPage = ExplainResponse;
export type { ExplainGroup, ExplainLine };

export type GroupCheck = ExplainGroup & { loadedSum: number; loaded: number; complete: boolean };

export type ExplainSummary = {
  total: number;
  /** How many lines make up the figure (all pages). */
  lineCount: number;
  groups: GroupCheck[];
  /** Σ of the groups' converted totals: equals `total` by the API's contract. */
  groupsSum: number;
  /** The lines loaded so far, largest contribution first (the API's order). */
  lines: ExplainLine[];
  /** Σ of the loaded lines' contributions: equals `total` once complete. */
  loadedSum: number;
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
    return { ...group, loadedSum: mine.reduce((s, l) => s + l.amount, 0), loaded: mine.length, complete };
  });
  return {
    total: first.total,
    lineCount: first.lineCount,
    groups,
    groupsSum: first.groups.reduce((s, g) => s + g.reporting, 0),
    lines,
    loadedSum: lines.reduce((s, l) => s + l.reporting, 0),
    complete,
  };
}
