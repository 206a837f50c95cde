// The roll-up's arithmetic: a batch of stored messages, and the account each of their users
// already belongs to, into what the batch adds — accounts and people (identify, group), usage per
// account, day (UTC, of when the message happened) and event, who used what, activity per person —
// and what became of each message: counted, held (its user belongs to no account yet), or dropped
// (no userId and no account to count it for). Identify and group calls are folded first, so a
// batch that groups a user and then tracks them counts the track. Pure.
import type { AccountUpsert, UserUpsert } from '../../store/cs-accounts-repo.js';
import type { ActivityIncrement, ClaimedSignal, SignalOutcome, UsageIncrement, UsageUser } from '../../store/signals-repo.js';
import { emailOf } from '../../core/email-domains.js';

export type FoldResult = {
  accounts: AccountUpsert[];
  users: UserUpsert[];
  usage: UsageIncrement[];
  usageUsers: UsageUser[];
  activity: ActivityIncrement[];
  outcomes: SignalOutcome[];
  /** People a group call tied to an account: their held messages can be counted now. */
  grouped: Array<{ workspaceId: string; userId: string }>;
  /** Accounts whose traits or people changed: the link rules look at them again. */
  touched: Array<{ workspaceId: string; accountId: string }>;
};

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** What one message adds to its event's quantity: properties.quantity when it is a finite number, else 1. */
export function quantityOf(signal: Pick<ClaimedSignal, 'payload'>): number {
  const q = record(signal.payload.properties).quantity;
  return typeof q === 'number' && Number.isFinite(q) ? q : 1;
}

export const dayOfInstant = (at: Date) => at.toISOString().slice(0, 10);

const ORDER: Record<ClaimedSignal['type'], number> = { identify: 0, group: 1, track: 2, page: 2, screen: 2 };

const key = (...parts: string[]) => parts.join('\u0001');

export function foldSignals(signals: readonly ClaimedSignal[], knownAccounts: ReadonlyMap<string, string>): FoldResult {
  const sorted = [...signals].sort((a, b) => ORDER[a.type] - ORDER[b.type] || a.occurredAt.getTime() - b.occurredAt.getTime() || (a.messageId < b.messageId ? -1 : 1));
  const accountOf = new Map(knownAccounts);
  const accounts = new Map<string, AccountUpsert>();
  const users = new Map<string, UserUpsert>();
  const usage = new Map<string, UsageIncrement>();
  const usageUsers = new Map<string, UsageUser>();
  const activity = new Map<string, ActivityIncrement>();
  const outcomes: SignalOutcome[] = [];
  const grouped = new Map<string, { workspaceId: string; userId: string }>();

  const seeAccount = (workspaceId: string, accountId: string, at: Date, name: string | null = null, traits: Record<string, unknown> = {}) => {
    const k = key(workspaceId, accountId);
    const prior = accounts.get(k);
    accounts.set(k, {
      workspaceId, accountId, name: name ?? prior?.name ?? null, traits: { ...(prior?.traits ?? {}), ...traits },
      firstSeenAt: prior && prior.firstSeenAt < at ? prior.firstSeenAt : at, lastSeenAt: prior && prior.lastSeenAt > at ? prior.lastSeenAt : at,
    });
  };
  const seeUser = (workspaceId: string, userId: string, at: Date, change: { accountId?: string; email?: string | null; traits?: Record<string, unknown> } = {}) => {
    const k = key(workspaceId, userId);
    const prior = users.get(k);
    users.set(k, {
      workspaceId, userId, accountId: change.accountId ?? prior?.accountId ?? null, email: change.email ?? prior?.email ?? null,
      traits: { ...(prior?.traits ?? {}), ...(change.traits ?? {}) },
      firstSeenAt: prior && prior.firstSeenAt < at ? prior.firstSeenAt : at, lastSeenAt: prior && prior.lastSeenAt > at ? prior.lastSeenAt : at,
    });
  };

  for (const s of sorted) {
    const { workspaceId, messageId, userId, occurredAt: at } = s;
    if (s.type === 'identify') {
      if (!userId) {
        outcomes.push({ workspaceId, messageId, outcome: 'dropped', reason: 'anonymous' });
        continue;
      }
      const traits = record(s.payload.traits);
      seeUser(workspaceId, userId, at, { traits, email: emailOf(traits.email) });
      outcomes.push({ workspaceId, messageId, outcome: 'counted' });
      continue;
    }
    if (s.type === 'group') {
      const accountId = s.groupId!;
      const traits = record(s.payload.traits);
      seeAccount(workspaceId, accountId, at, typeof traits.name === 'string' ? traits.name.slice(0, 500) : null, traits);
      if (userId) {
        seeUser(workspaceId, userId, at, { accountId });
        accountOf.set(key(workspaceId, userId), accountId);
        grouped.set(key(workspaceId, userId), { workspaceId, userId });
      }
      outcomes.push({ workspaceId, messageId, outcome: 'counted' });
      continue;
    }
    const accountId = s.groupId ?? (userId ? accountOf.get(key(workspaceId, userId)) : undefined);
    if (!accountId) {
      if (userId) seeUser(workspaceId, userId, at);
      outcomes.push(userId ? { workspaceId, messageId, outcome: 'held' } : { workspaceId, messageId, outcome: 'dropped', reason: 'anonymous' });
      continue;
    }
    const day = dayOfInstant(at);
    const event = s.event!;
    seeAccount(workspaceId, accountId, at);
    const uk = key(workspaceId, accountId, day, event);
    const prior = usage.get(uk);
    usage.set(uk, { workspaceId, accountId, day, event, events: (prior?.events ?? 0) + 1, quantity: (prior?.quantity ?? 0) + quantityOf(s) });
    if (userId) {
      seeUser(workspaceId, userId, at);
      usageUsers.set(key(uk, userId), { workspaceId, accountId, day, event, userId });
      const ak = key(workspaceId, accountId, day, userId);
      activity.set(ak, { workspaceId, accountId, userId, day, events: (activity.get(ak)?.events ?? 0) + 1 });
    }
    outcomes.push({ workspaceId, messageId, outcome: 'counted' });
  }

  // Accounts whose traits or membership changed (a track only refreshes last seen).
  const touched = new Map<string, { workspaceId: string; accountId: string }>();
  for (const s of sorted) {
    if (s.type === 'group') touched.set(key(s.workspaceId, s.groupId!), { workspaceId: s.workspaceId, accountId: s.groupId! });
    if (s.type === 'identify' && s.userId) {
      const accountId = accountOf.get(key(s.workspaceId, s.userId));
      if (accountId) touched.set(key(s.workspaceId, accountId), { workspaceId: s.workspaceId, accountId });
    }
  }
  return {
    accounts: [...accounts.values()], users: [...users.values()], usage: [...usage.values()], usageUsers: [...usageUsers.values()],
    activity: [...activity.values()], outcomes, grouped: [...grouped.values()], touched: [...touched.values()],
  };
}
