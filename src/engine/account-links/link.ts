// Applies the link rules (rules.ts) to a workspace's accounts: gathers the candidate
// customers for many accounts in three queries, decides each account and writes the links that
// changed. Accounts a person linked or unlinked are never touched; a link the rules made is kept
// when no rule matches any more (a customer deleted in Stripe does not orphan its usage).
import type { Kysely, Transaction } from 'kysely';
import { accountsForLinking, customersByEmailDomain, customersByIds, customersByMetadata, setAccountLink, type AccountForLinking } from '../../store/cs-accounts-repo.js';
import type { Database } from '../../store/schema.js';
import { decideLink, domainsOf, externalIdsOf, idsOf, METADATA_KEYS, type Candidates, type LinkVerdict } from './rules.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The verdict of the rules for each account (read-only: the Settings list shows suggestions). */
export async function judgeAccounts(db: Db, workspaceId: string, accounts: readonly Pick<AccountForLinking, 'accountId' | 'traits' | 'userEmails'>[]): Promise<Map<string, LinkVerdict>> {
  const verdicts = new Map<string, LinkVerdict>();
  if (accounts.length === 0) return verdicts;
  const ids = accounts.flatMap(idsOf);
  const externals = accounts.flatMap(externalIdsOf);
  const domains = accounts.flatMap((a) => [...domainsOf(a).keys()]);
  const [byId, byMetadata, byDomain] = await Promise.all([
    customersByIds(db, workspaceId, ids),
    customersByMetadata(db, workspaceId, METADATA_KEYS, externals),
    customersByEmailDomain(db, workspaceId, domains),
  ]);
  const candidates: Candidates = { byId, byMetadata, byDomain };
  for (const account of accounts) verdicts.set(account.accountId, decideLink(account, candidates));
  return verdicts;
}

/** Links these accounts (or every unlinked one) by the rules; returns how many links were written. */
export async function linkAccounts(db: Db, workspaceId: string, accountIds: readonly string[] | 'unlinked'): Promise<number> {
  let written = 0;
  const all = await accountsForLinking(db, workspaceId, accountIds);
  for (let i = 0; i < all.length; i += 500) {
    const accounts = all.slice(i, i + 500);
    const verdicts = await judgeAccounts(db, workspaceId, accounts);
    for (const account of accounts) {
      const link = verdicts.get(account.accountId)?.link;
      if (!link || (link.customer.customerId === account.customerId && link.rule === account.linkRule)) continue;
      await setAccountLink(db, workspaceId, account.accountId, { customerId: link.customer.customerId, rule: link.rule });
      written++;
    }
  }
  return written;
}
