// The product-accounts view: a page of accounts, each with its billing customer, people, first and
// last seen, and — for those not linked — the customer the link rules point to, as a suggestion a
// person confirms in Settings (src/engine/account-links/rules.ts says how it is chosen).
import type { Kysely } from 'kysely';
import { judgeAccounts } from '../../engine/account-links/link.js';
import type { Database } from '../../store/schema.js';
import type { SuccessAccount } from './contract.js';
import { countAccounts, listAccounts, type AccountCursor, type AccountFilters, type AccountRow } from './query.js';

export type { AccountCursor, AccountFilters };

async function present(db: Kysely<Database>, workspaceId: string, rows: readonly AccountRow[]): Promise<SuccessAccount[]> {
  const verdicts = await judgeAccounts(db, workspaceId, rows.filter((r) => r.customerId === null));
  return rows.map((r) => {
    const verdict = verdicts.get(r.accountId);
    // A person unlinked it: what the rules would link is only a suggestion now.
    const guess = verdict ? (verdict.link ?? verdict.suggestion) : null;
    return {
      accountId: r.accountId,
      name: r.name,
      traits: r.traits,
      customer: r.customerId === null ? null : { id: r.customerId, name: r.customerName, email: r.customerEmail },
      linkRule: r.linkRule,
      users: r.users,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      suggestion: guess ? { customer: { id: guess.customer.customerId, name: guess.customer.name, email: guess.customer.email }, rule: guess.rule, reason: guess.reason } : null,
    };
  });
}

export async function loadAccountPage(
  db: Kysely<Database>,
  workspaceId: string,
  query: { filters: AccountFilters; limit: number; cursor: AccountCursor | null },
): Promise<{ items: SuccessAccount[]; next: AccountCursor | null; total: number }> {
  const [rows, total] = await Promise.all([listAccounts(db, workspaceId, { ...query, limit: query.limit + 1 }), countAccounts(db, workspaceId, query.filters)]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next = rows.length > query.limit && last ? { at: last.lastSeenAt.toISOString(), id: last.accountId } : null;
  return { items: await present(db, workspaceId, page), next, total };
}

export async function loadAccount(db: Kysely<Database>, workspaceId: string, accountId: string): Promise<SuccessAccount | null> {
  const rows = await listAccounts(db, workspaceId, { filters: {}, limit: 1, cursor: null, only: accountId });
  return rows.length === 0 ? null : (await present(db, workspaceId, rows))[0]!;
}
