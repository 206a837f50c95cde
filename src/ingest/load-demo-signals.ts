// Loads the demo business's product signals (usage, tickets, NPS) into the Demo workspace, once,
// consistent with its billing story (issue 13, demo): each customer's story is read back from
// the ingested billing data, the signals are generated from it (src/demo/signals/) and written
// in bulk (src/store/demo-signals-repo.ts). demo_signal_loads records how far they reach: a
// start that finds it returns at once, and the top-up (demo-topup.ts) carries them on from there.
import { dayFromNumber } from '../core/dates.js';
import type { DemoPlanKey } from '../demo/catalog.js';
import { DEMO_SIGNAL_SEED, demoSignalRows, firstLoadRange, type DemoSignalRows, type SignalRange } from '../demo/signals/generate.js';
import { DEMO_PLAN_LIMITS } from '../demo/signals/limits.js';
import { billingStories, inSpell } from '../demo/signals/story.js';
import type { Store } from '../store/db.js';
import {
  findDemoSignalLoad,
  latestBillingEvent,
  readDemoBillingFacts,
  writeDemoSignals,
  type DemoAccountRow,
  type DemoLimitRow,
  type DemoSignalCounts,
  type DemoUserRow,
} from '../store/demo-signals-repo.js';
import type { Workspace } from '../store/workspaces-repo.js';

const NOON = 12 * 3_600;
/** The most customers the demo generates signals for. */
export const MAX_SIGNAL_CUSTOMERS = 10_000;

/** Accounts and users with when they were first and last seen (never after `until`). */
function seenRows(rows: DemoSignalRows, until: number): { accounts: DemoAccountRow[]; users: DemoUserRow[] } {
  const lastActive = new Map<string, number>();
  for (const a of rows.activity) {
    if ((lastActive.get(a.userId) ?? -Infinity) < a.day) lastActive.set(a.userId, a.day);
    if ((lastActive.get(a.accountId) ?? -Infinity) < a.day) lastActive.set(a.accountId, a.day);
  }
  const at = (day: number) => Math.min(until, day * 86_400 + NOON);
  const accounts: DemoAccountRow[] = [];
  const users: DemoUserRow[] = [];
  for (const p of rows.accounts) {
    const firstSeen = at(p.signupDay);
    accounts.push({
      accountId: p.accountId, name: p.name, traits: p.linkRule === null ? { plan: p.planKey } : { domain: p.domain, plan: p.planKey, seats: p.seats },
      customerId: p.linkRule === null ? null : p.customerId, linkRule: p.linkRule,
      firstSeenAt: firstSeen, lastSeenAt: Math.max(firstSeen, at(lastActive.get(p.accountId) ?? p.signupDay)),
    });
    for (const u of p.users) {
      const active = lastActive.get(u.userId);
      // A seat nobody took before the account stopped: no user.
      if (active === undefined && !inSpell(p.spells, u.joinDay)) continue;
      const userFirst = at(u.joinDay);
      if (userFirst > until) continue;
      users.push({
        userId: u.userId, accountId: p.accountId, email: u.email, traits: { name: u.name },
        firstSeenAt: userFirst, lastSeenAt: Math.max(userFirst, at(active ?? u.joinDay)),
      });
    }
  }
  return { accounts, users };
}

function limitRows(planProducts: ReadonlyMap<string, string>): DemoLimitRow[] {
  return (Object.entries(DEMO_PLAN_LIMITS) as [DemoPlanKey, (typeof DEMO_PLAN_LIMITS)[DemoPlanKey]][]).flatMap(([plan, limits]) => {
    const planId = planProducts.get(plan);
    return planId ? limits.map((l) => ({ planId, metric: l.metric, limit: l.limit, period: l.period })) : [];
  });
}

/** Generates the signals of `range` from the workspace's billing data and writes them. */
export async function writeSignalRange(store: Store, workspaceId: string, range: SignalRange, seed: number): Promise<DemoSignalCounts> {
  const facts = await readDemoBillingFacts(store.db, workspaceId);
  // A benchmark-sized demo (`revpulse demo --customers 100000`) gets signals for a sample: the
  // first customers by id (ids are random-looking, so any signup month), keeping a start short.
  const stories = billingStories(facts).slice(0, MAX_SIGNAL_CUSTOMERS);
  const rows = demoSignalRows(stories, seed, range);
  const { accounts, users } = seenRows(rows, range.until);
  return writeDemoSignals(store.db, workspaceId, {
    accounts, users, usage: rows.usage, activity: rows.activity, tickets: rows.tickets, surveys: rows.surveys,
    exactUsersFrom: Math.floor(range.until / 86_400),
    limits: limitRows(facts.planProducts),
    load: { seed, windowStart: dayFromNumber(range.windowStart), loadedUntil: range.until },
  });
}

export function totalRows(counts: DemoSignalCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Returns how many rows were written (0 when the demo's signals were already there). */
export async function loadDemoSignals(store: Store, workspace: Workspace, options: { endAt: number }): Promise<number> {
  if (await findDemoSignalLoad(store.db, workspace.id)) return 0;
  // The billing story is known up to its latest event: nothing is generated past it (an older
  // demo whose history has not been carried on yet gets the rest from the top-up).
  const billingEnd = await latestBillingEvent(store.db, workspace.id);
  if (billingEnd === null) return 0;
  const until = Math.min(options.endAt, billingEnd);
  return totalRows(await writeSignalRange(store, workspace.id, firstLoadRange(until), DEMO_SIGNAL_SEED));
}
