// One customer across sources: which provider customers count as one (docs/metrics.md, "One
// customer across sources"). A link says an alias counts as its canonical customer; a customer
// without one is its own canonical. Links always point at a canonical (never A→B→C), so a group
// is a canonical and the aliases that name it.
//
// Responsible for: grouping customers by canonical, handing the ledger one customer's snapshots,
// checking a person's mapping (no cycle, no self-link), the e-mail rule (trimmed, case-insensitive,
// across sources only; a mapping always wins; an unlinked customer stays apart), and flattening
// links back to one level after any change.
import type { SubscriptionSnapshot } from './types.js';

export type LinkRule = 'email' | 'mapping';
export type CustomerLink = { customerId: string; canonicalId: string; rule: LinkRule };

/** Trimmed and lower-cased; null when empty. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** A customer's canonical id under these (flattened) links. */
export function canonicalOf(links: ReadonlyMap<string, Pick<CustomerLink, 'canonicalId'>>, customerId: string): string {
  return links.get(customerId)?.canonicalId ?? customerId;
}

/** The identity groups of these customers: canonical id → its members (canonical first, then
 *  aliases in id order). Every member of a touched group is included, not only the given ids. */
export function groupsOf(customerIds: Iterable<string>, links: readonly CustomerLink[]): Map<string, string[]> {
  const byAlias = new Map(links.map((l) => [l.customerId, l]));
  const aliasesOf = new Map<string, string[]>();
  for (const l of links) (aliasesOf.get(l.canonicalId) ?? aliasesOf.set(l.canonicalId, []).get(l.canonicalId)!).push(l.customerId);
  const groups = new Map<string, string[]>();
  for (const id of customerIds) {
    const canonical = canonicalOf(byAlias, id);
    if (groups.has(canonical)) continue;
    groups.set(canonical, [canonical, ...(aliasesOf.get(canonical) ?? []).sort()]);
  }
  return groups;
}

/** The snapshots of a group as one customer's: each state names the canonical id. */
export function asCanonicalSnapshots(snapshots: readonly SubscriptionSnapshot[], canonical: (customerId: string) => string): SubscriptionSnapshot[] {
  return snapshots.map((s) => {
    const id = canonical(s.state.customerId);
    return id === s.state.customerId ? s : { ...s, state: { ...s.state, customerId: id } };
  });
}

export type LinkCheck = { ok: true; canonicalId: string } | { ok: false; reason: string };

/** Whether `customerId` may be mapped to `targetId` (a person's mapping): the target resolves to
 *  its canonical; linking a customer to itself or to one of its own aliases would be a cycle. */
export function checkMapping(links: ReadonlyMap<string, CustomerLink>, customerId: string, targetId: string): LinkCheck {
  if (customerId === targetId) return { ok: false, reason: `a customer cannot be linked to itself (${customerId})` };
  const canonicalId = canonicalOf(links, targetId);
  if (canonicalId === customerId) {
    return { ok: false, reason: `linking ${customerId} to ${targetId} would form a cycle: ${targetId} already counts as ${customerId} (unlink ${targetId} first)` };
  }
  return { ok: true, canonicalId };
}

export type Contact = { customerId: string; sourceId: string; email: string | null; createdAt: number | null };

/** What the e-mail rule wants for one customer: link it to canonicalId, or (null) no e-mail link. */
export type EmailChange = { customerId: string; canonicalId: string | null };

const earlier = (a: Contact, b: Contact) =>
  (a.createdAt ?? Number.POSITIVE_INFINITY) - (b.createdAt ?? Number.POSITIVE_INFINITY) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/**
 * The e-mail rule over the customers of some e-mail addresses (every customer of the workspace
 * with one of them), given the current links and the customers a person unlinked. For each
 * address the earliest customer (created first, then by id) is the anchor; the earliest customer
 * of every OTHER source joins the anchor's canonical. Later customers of one source stay apart
 * (the provider keeps them apart). Customers with a mapping are left alone; unlinked customers
 * take no part. `touched`: customers whose e-mail may have changed — an e-mail link of one that
 * no longer qualifies is removed. Returns only what differs from the current links.
 */
export function emailChanges(input: {
  contacts: readonly Contact[];
  links: ReadonlyMap<string, CustomerLink>;
  unlinked: ReadonlySet<string>;
  touched: Iterable<string>;
}): EmailChange[] {
  const byEmail = new Map<string, Contact[]>();
  for (const c of input.contacts) {
    const email = normalizeEmail(c.email);
    if (email === null || input.unlinked.has(c.customerId)) continue;
    (byEmail.get(email) ?? byEmail.set(email, []).get(email)!).push(c);
  }
  const wanted = new Map<string, string | null>();
  for (const members of byEmail.values()) {
    members.sort(earlier);
    const anchor = members[0]!;
    const anchorLink = input.links.get(anchor.customerId);
    const root = anchorLink?.rule === 'mapping' ? anchorLink.canonicalId : anchor.customerId;
    const firstOfSource = new Set<string>();
    for (const m of members) {
      if (firstOfSource.has(m.sourceId)) {
        wanted.set(m.customerId, null);
        continue;
      }
      firstOfSource.add(m.sourceId);
      wanted.set(m.customerId, m === anchor || m.customerId === root ? null : root);
    }
  }
  for (const id of input.touched) if (!wanted.has(id)) wanted.set(id, null);
  const changes: EmailChange[] = [];
  for (const [customerId, canonicalId] of [...wanted].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const current = input.links.get(customerId);
    if (current?.rule === 'mapping') continue;
    if ((current?.canonicalId ?? null) !== canonicalId) changes.push({ customerId, canonicalId });
  }
  return changes;
}

export type Flattened = { update: CustomerLink[]; remove: string[] };

/**
 * Brings links back to one level: each points at the canonical at the end of its chain. A chain
 * that closes on itself (e-mail links that, with a person's mappings, lead in a circle) loses its
 * e-mail link of the smallest id: mappings win. Returns the links to rewrite and to drop.
 */
export function flattenLinks(links: readonly CustomerLink[]): Flattened {
  const current = new Map(links.map((l) => [l.customerId, { ...l }]));
  const remove: string[] = [];
  for (;;) {
    const cycle = findCycle(current);
    if (!cycle) break;
    const emailLinks = cycle.filter((id) => current.get(id)!.rule === 'email').sort();
    const drop = emailLinks[0] ?? [...cycle].sort()[0]!;
    current.delete(drop);
    remove.push(drop);
  }
  const update: CustomerLink[] = [];
  for (const link of current.values()) {
    let root = link.canonicalId;
    while (current.has(root)) root = current.get(root)!.canonicalId;
    if (root !== link.canonicalId) update.push({ ...link, canonicalId: root });
  }
  return { update: update.sort((a, b) => (a.customerId < b.customerId ? -1 : 1)), remove: remove.sort() };
}

function findCycle(links: ReadonlyMap<string, CustomerLink>): string[] | null {
  const done = new Set<string>();
  for (const start of [...links.keys()].sort()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let id: string | undefined = start;
    while (id !== undefined && links.has(id) && !done.has(id)) {
      if (onPath.has(id)) return path.slice(path.indexOf(id));
      onPath.add(id);
      path.push(id);
      id = links.get(id)!.canonicalId;
    }
    for (const p of path) done.add(p);
  }
  return null;
}
