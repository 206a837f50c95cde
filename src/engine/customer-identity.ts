// One customer across sources: changes of the links (customer_identities) and what they queue.
// E-mail matching runs inside the ingest transaction that stored the customer records; a
// person's link or unlink runs in its own transaction, then recomputes both sides (the alias's
// old group and its new one) in one recompute transaction. The rules are pure
// (src/core/customer-identity.ts); this module reads, locks, writes and queues.
import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../errors.js';
import { checkMapping, emailChanges, flattenLinks, type CustomerLink } from '../core/customer-identity.js';
import {
  contactsSharingEmail, deleteLinks, existingCustomers, linksTouching, listLinks, lockWorkspaceIdentities, recordUnlink,
  repointLinks, setCanonical, unlinkedAmong, upsertLink,
} from '../store/customer-identities-repo.js';
import { markLedgerPending } from '../store/ledger-repo.js';
import type { SourcedRecords } from '../store/records-repo.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { recomputeCustomers } from './recompute.js';

/** Brings every link of the workspace back to one level (see flattenLinks); returns the
 *  customers whose group changed. Only after a change, so reading every link is rare. */
async function flattenWorkspace(trx: Transaction<Database>, workspaceId: string): Promise<string[]> {
  const links = await listLinks(trx, workspaceId);
  const { update, remove } = flattenLinks(links);
  const before = new Map(links.map((l) => [l.customerId, l.canonicalId]));
  for (const link of update) await setCanonical(trx, workspaceId, link.customerId, link.canonicalId);
  await deleteLinks(trx, workspaceId, remove);
  return [...update.flatMap((l) => [l.customerId, l.canonicalId, before.get(l.customerId)!]), ...remove.flatMap((id) => [id, before.get(id)!])];
}

/**
 * The e-mail rule for the customer records of an ingest batch, inside its transaction (after
 * upsertRecords): links customers of different sources with one e-mail, drops e-mail links that
 * no longer hold. Returns, per workspace, the customers whose group changed (queue their ledgers).
 */
export async function matchCustomersByEmail(trx: Transaction<Database>, batch: readonly SourcedRecords[]): Promise<Map<string, Set<string>>> {
  const byWorkspace = new Map<string, Set<string>>();
  for (const input of batch) {
    for (const c of input.records.customers ?? []) (byWorkspace.get(input.workspaceId) ?? byWorkspace.set(input.workspaceId, new Set()).get(input.workspaceId)!).add(c.id);
  }
  const affected = new Map<string, Set<string>>();
  for (const [workspaceId, ids] of byWorkspace) {
    // Taken before reading, so a customer stored by a concurrent batch is seen once it commits.
    await lockWorkspaceIdentities(trx, workspaceId);
    const touched = [...ids];
    const contacts = await contactsSharingEmail(trx, workspaceId, touched);
    const involved = [...new Set([...touched, ...contacts.map((c) => c.customerId)])];
    const links = new Map((await linksTouching(trx, workspaceId, involved)).map((l) => [l.customerId, l]));
    const changes = emailChanges({ contacts, links, unlinked: await unlinkedAmong(trx, workspaceId, involved), touched });
    if (changes.length === 0) continue;
    const queue = new Set<string>();
    for (const change of changes) {
      queue.add(change.customerId);
      const before = links.get(change.customerId)?.canonicalId;
      if (before) queue.add(before);
      if (change.canonicalId === null) {
        await deleteLinks(trx, workspaceId, [change.customerId]);
      } else {
        queue.add(change.canonicalId);
        await upsertLink(trx, workspaceId, { customerId: change.customerId, canonicalId: change.canonicalId, rule: 'email' }, null);
      }
    }
    for (const id of await flattenWorkspace(trx, workspaceId)) queue.add(id);
    affected.set(workspaceId, queue);
  }
  return affected;
}

export type LinkResult = { customerId: string; canonicalId: string; rule: 'mapping'; previousCanonicalId: string | null };

async function assertCustomersExist(trx: Transaction<Database>, workspaceId: string, ids: readonly string[]): Promise<void> {
  const known = await existingCustomers(trx, workspaceId, ids);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${missing.join(', ')} in this workspace (customers of another workspace cannot be linked).`);
  }
}

/**
 * A person says `customerId` is the same customer as `targetId`: it (and any customers linked to
 * it) count as the target's canonical from now on, whatever e-mail matching said. Refuses a
 * self-link, a cycle, and a customer this workspace does not have. Recomputes both sides.
 */
export async function linkCustomer(
  db: Kysely<Database>,
  workspace: Workspace,
  input: { customerId: string; targetId: string; createdBy: string | null; now: Date },
): Promise<LinkResult> {
  const { customerId, targetId } = input;
  const result = await db.transaction().execute(async (trx) => {
    await lockWorkspaceIdentities(trx, workspace.id);
    await assertCustomersExist(trx, workspace.id, [...new Set([customerId, targetId])]);
    const links = new Map((await linksTouching(trx, workspace.id, [customerId, targetId])).map((l): [string, CustomerLink] => [l.customerId, l]));
    const check = checkMapping(links, customerId, targetId);
    if (!check.ok) throw new ApiError('RVP_CUSTOMER_LINK_REFUSED', `Cannot link ${customerId}: ${check.reason}.`);
    const previous = links.get(customerId)?.canonicalId ?? null;
    const formerAliases = [...links.values()].filter((l) => l.canonicalId === customerId).map((l) => l.customerId);
    await upsertLink(trx, workspace.id, { customerId, canonicalId: check.canonicalId, rule: 'mapping' }, input.createdBy);
    await repointLinks(trx, workspace.id, customerId, check.canonicalId);
    const queue = [customerId, check.canonicalId, ...formerAliases, ...(previous ? [previous] : [])];
    await markLedgerPending(trx, workspace.id, queue);
    return { link: { customerId, canonicalId: check.canonicalId, rule: 'mapping' as const, previousCanonicalId: previous }, queue };
  });
  await recomputeCustomers(db, workspace, result.queue, input.now);
  return result.link;
}

export type UnlinkResult = { customerId: string; canonicalId: string; rule: 'email' | 'mapping' };

/**
 * A person says `customerId` is a customer of its own: its link goes, and it is remembered so
 * that e-mail matching never links it again (a mapping still may). Recomputes both sides.
 */
export async function unlinkCustomer(
  db: Kysely<Database>,
  workspace: Workspace,
  input: { customerId: string; createdBy: string | null; now: Date },
): Promise<UnlinkResult> {
  const { customerId } = input;
  const result = await db.transaction().execute(async (trx) => {
    await lockWorkspaceIdentities(trx, workspace.id);
    const links = await linksTouching(trx, workspace.id, [customerId]);
    const own = links.find((l) => l.customerId === customerId);
    if (!own) {
      const aliases = links.filter((l) => l.canonicalId === customerId).map((l) => l.customerId);
      const detail = aliases.length > 0 ? `it is the canonical customer of ${aliases.join(', ')}: unlink those instead` : 'it is not linked to another customer';
      throw new ApiError('RVP_CUSTOMER_LINK_NOT_FOUND', `Cannot unlink ${customerId}: ${detail}.`);
    }
    await deleteLinks(trx, workspace.id, [customerId]);
    await recordUnlink(trx, workspace.id, customerId, input.createdBy);
    await markLedgerPending(trx, workspace.id, [customerId, own.canonicalId]);
    return { unlinked: { customerId, canonicalId: own.canonicalId, rule: own.rule }, queue: [customerId, own.canonicalId] };
  });
  await recomputeCustomers(db, workspace, result.queue, input.now);
  return result.unlinked;
}
