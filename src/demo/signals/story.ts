// The billing story of one demo customer, as the signal generators need it (read back from the
// database after the Stripe events are ingested), and the shared plumbing of the generators:
// day numbers, a stable hash of ids, and the per-(account, day) random streams that make any
// range of days come out the same whichever load or top-up generates it.
import { createRng, mixSeed, type Rng } from '../random.js';
import type { DemoPlanKey } from '../catalog.js';
import { dayToNumber } from '../../core/dates.js';

/** UTC day number (days since 1970-01-01). */
export type DayNumber = number;

/** A stretch of days the customer could use the product: [from, to), to null = still on. */
export type UseSpell = { from: DayNumber; to: DayNumber | null };

export type BillingStory = {
  customerId: string;
  name: string | null;
  email: string | null;
  signupDay: DayNumber;
  /** The plan of the latest subscription (the product's `metadata.plan`); null: unknown plan. */
  planKey: DemoPlanKey | null;
  /** The latest subscription's quantity (seats on the per-seat plan). */
  quantity: number;
  /** Trials and paying spells merged, oldest first. */
  spells: readonly UseSpell[];
  /** The day the customer stopped (or will stop, a cancellation scheduled) paying for good; null: no churn. */
  churnDay: DayNumber | null;
  /** Ended a trial without ever paying (an inactive customer). */
  trialOnly: boolean;
};

/** FNV-1a over the UTF-16 code units: a stable 32-bit number for an id. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Streams keyed by purpose so adding draws to one generator never shifts another's. */
export const STREAM = { profile: 1, usage: 2, tickets: 3, surveys: 4, onboarding: 5, users: 6, seats: 7, dips: 8 } as const;

/** The random stream of one account for one purpose (and day, for day-by-day generators). */
export function streamFor(seed: number, accountKey: number, stream: number, day = 0): Rng {
  return createRng(mixSeed(seed, accountKey, stream, day));
}

/** True when `day` falls in one of the spells. */
export function inSpell(spells: readonly UseSpell[], day: DayNumber): boolean {
  return spells.some((s) => day >= s.from && (s.to === null || day < s.to));
}

/** Saturday or Sunday (day 0, 1970-01-01, was a Thursday). */
export function isWeekend(day: DayNumber): boolean {
  const weekday = (day + 4) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** A normal draw (Box–Muller) — for log-normal volumes and durations. */
export function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A Poisson draw (Knuth; the means here are small) — events in a day. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k += 1;
    p *= rng.next();
  }
  return k;
}

/** What the billing data says about one customer (src/store/demo-signals-repo.ts reads it). */
export type CustomerFacts = {
  customerId: string;
  name: string | null;
  email: string | null;
  createdAt: number | null;
  planKey: string | null;
  quantity: number | null;
  status: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number | null;
};
export type SpellFacts = { customerId: string; start: string; end: string | null };
export type TrialFacts = { customerId: string; start: string; end: string | null; converted: boolean };

const PLAN_KEYS: readonly DemoPlanKey[] = ['starter', 'growth', 'scale'];
const LIVE = new Set(['active', 'trialing', 'past_due']);

function merge(spells: UseSpell[]): UseSpell[] {
  const sorted = [...spells].sort((a, b) => a.from - b.from);
  const out: UseSpell[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && (last.to === null || s.from <= last.to)) {
      last.to = last.to === null || s.to === null ? null : Math.max(last.to, s.to);
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

/**
 * Each customer's story: the days it could use the product (trials and paying spells), its plan
 * and seats, and its churn — the end of its last paying spell, or the end of the period a
 * scheduled cancellation takes effect at (a churn still to come).
 */
export function billingStories(facts: { customers: readonly CustomerFacts[]; payingSpells: readonly SpellFacts[]; trials: readonly TrialFacts[] }): BillingStory[] {
  const day = (d: string) => dayToNumber(d);
  const spellsOf = new Map<string, UseSpell[]>();
  const paidOf = new Map<string, UseSpell[]>();
  const trialOf = new Map<string, TrialFacts[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const s of facts.payingSpells) {
    const spell = { from: day(s.start), to: s.end === null ? null : day(s.end) };
    push(spellsOf, s.customerId, spell);
    push(paidOf, s.customerId, spell);
  }
  for (const t of facts.trials) {
    push(spellsOf, t.customerId, { from: day(t.start), to: t.end === null ? null : day(t.end) });
    push(trialOf, t.customerId, t);
  }
  return facts.customers.map((c) => {
    const paid = (paidOf.get(c.customerId) ?? []).sort((a, b) => a.from - b.from);
    const trials = trialOf.get(c.customerId) ?? [];
    const lastPaid = paid.at(-1);
    let churnDay: DayNumber | null = lastPaid && lastPaid.to !== null ? lastPaid.to : null;
    if (lastPaid && lastPaid.to === null && c.cancelAtPeriodEnd && c.currentPeriodEnd !== null && LIVE.has(c.status ?? '')) {
      churnDay = Math.floor(c.currentPeriodEnd / 86_400);
    }
    const planKey = PLAN_KEYS.find((k) => k === c.planKey) ?? null;
    const spells = merge(spellsOf.get(c.customerId) ?? []);
    const signupDay = c.createdAt !== null ? Math.floor(c.createdAt / 86_400) : (spells[0]?.from ?? 0);
    return {
      customerId: c.customerId,
      name: c.name,
      email: c.email,
      signupDay,
      planKey,
      quantity: Math.max(1, c.quantity ?? 1),
      spells,
      churnDay,
      trialOnly: paid.length === 0 && trials.length > 0 && trials.every((t) => t.end !== null && !t.converted),
    };
  });
}
