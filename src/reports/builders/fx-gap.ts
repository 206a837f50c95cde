// Which of the workspace's MRR no FX rate converts into the report's currency. Every read leaves
// such amounts out (a lenient FX table, src/read/fx.ts) and the dashboard names them beside its
// figures; a report does the same in its tables and charts, and refuses to state a headline money
// figure that is only part of the business (null with this reason).
import { unconvertedAmounts, type FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Kysely } from 'kysely';
import { levelsAt } from '../../read/periods/query.js';
import type { Database } from '../../store/schema.js';
import { dayLabel } from '../period.js';
import { formatMoney } from '../render/format-value.js';
import type { FxGap } from './context.js';

/** The gap over these days (the period's end and its comparison's): the MRR of each currency that
 *  does not convert, at the latest day it had any. */
export async function fxGapOn(db: Kysely<Database>, workspaceId: string, fx: FxTable, days: readonly Day[]): Promise<FxGap | null> {
  const ordered = [...new Set(days)].sort().reverse();
  const levels = await Promise.all(ordered.map((day) => levelsAt(db, workspaceId, day)));
  const found = new Map<string, { amount: number; day: Day }>();
  ordered.forEach((day, i) => {
    for (const u of unconvertedAmounts(levels[i]!.levels, fx)) if (!found.has(u.currency)) found.set(u.currency, { amount: u.amount, day });
  });
  if (found.size === 0) return null;
  const currencies = [...found.keys()].sort();
  const into = fx.reportingCurrency.toUpperCase();
  const names = currencies.map((c) => c.toUpperCase()).join(', ');
  const amounts = currencies.map((c) => `${formatMoney(found.get(c)!.amount, c)} on ${dayLabel(found.get(c)!.day)}`).join(', ');
  return {
    currencies,
    reason: `no FX rate converts ${names} into ${into}`,
    note: `No FX rate converts ${names} into ${into}: that MRR (${amounts}) is left out of the tables and charts, as on the dashboard, and the headline money figures are not shown. Import rates (revpulse fx import) to complete them.`,
  };
}
