// One customer across sources, the pure rules: groups, snapshots under the canonical id, a
// person's mapping (cycles refused), the e-mail rule and flattening links back to one level.
import { describe, expect, it } from 'vitest';
import {
  asCanonicalSnapshots, checkMapping, emailChanges, flattenLinks, groupsOf, normalizeEmail, type Contact, type CustomerLink,
} from '../../../src/core/customer-identity.js';
import type { SubscriptionSnapshot } from '../../../src/core/types.js';

const link = (customerId: string, canonicalId: string, rule: CustomerLink['rule'] = 'email'): CustomerLink => ({ customerId, canonicalId, rule });
const byAlias = (...links: CustomerLink[]) => new Map(links.map((l) => [l.customerId, l]));
const contact = (customerId: string, sourceId: string, email: string | null, createdAt: number | null): Contact => ({ customerId, sourceId, email, createdAt });

describe('normalizeEmail', () => {
  it.each([
    ['  Erin@Example.COM ', 'erin@example.com'],
    ['', null],
    ['   ', null],
    [null, null],
  ])('%j → %j', (input, expected) => expect(normalizeEmail(input)).toBe(expected));
});

describe('groupsOf', () => {
  it('widens any member to its whole group, canonical first', () => {
    const links = [link('b', 'a'), link('c', 'a'), link('y', 'x')];
    expect([...groupsOf(['c', 'z'], links)]).toEqual([['a', ['a', 'b', 'c']], ['z', ['z']]]);
    expect([...groupsOf(['a', 'b', 'x'], links)]).toEqual([['a', ['a', 'b', 'c']], ['x', ['x', 'y']]]);
  });
});

describe('asCanonicalSnapshots', () => {
  it("names the canonical in each alias's state and leaves the rest as they are", () => {
    const snapshot = (customerId: string) => ({ state: { customerId, subscriptionId: `sub_${customerId}` }, effectiveAt: 1, eventId: 'e' }) as unknown as SubscriptionSnapshot;
    const own = snapshot('a');
    const out = asCanonicalSnapshots([own, snapshot('b')], (id) => (id === 'b' ? 'a' : id));
    expect(out[0]).toBe(own);
    expect(out[1]!.state).toMatchObject({ customerId: 'a', subscriptionId: 'sub_b' });
  });
});

describe('checkMapping', () => {
  const links = byAlias(link('b', 'a', 'mapping'));
  it.each([
    ['c', 'b', { ok: true, canonicalId: 'a' }],
    ['c', 'a', { ok: true, canonicalId: 'a' }],
    ['b', 'c', { ok: true, canonicalId: 'c' }],
  ])('%s → %s', (from, to, expected) => expect(checkMapping(links, from, to)).toEqual(expected));
  it('refuses a self-link and a cycle, saying why', () => {
    expect(checkMapping(links, 'a', 'a')).toEqual({ ok: false, reason: 'a customer cannot be linked to itself (a)' });
    expect(checkMapping(links, 'a', 'b')).toEqual({ ok: false, reason: 'linking a to b would form a cycle: b already counts as a (unlink b first)' });
  });
});

describe('emailChanges', () => {
  const run = (contacts: Contact[], links: CustomerLink[] = [], unlinked: string[] = [], touched: string[] = contacts.map((c) => c.customerId)) =>
    emailChanges({ contacts, links: byAlias(...links), unlinked: new Set(unlinked), touched });

  it('links the later customer of another source to the earlier one, whatever the case and spaces', () => {
    expect(run([contact('stripe_1', 's1', 'Erin@Example.com', 100), contact('pp_1', 's2', ' erin@example.COM', 200)])).toEqual([{ customerId: 'pp_1', canonicalId: 'stripe_1' }]);
    // Delivery order does not matter: the earlier-created customer is the anchor.
    expect(run([contact('pp_1', 's2', 'erin@example.com', 50), contact('stripe_1', 's1', 'erin@example.com', 100)])).toEqual([{ customerId: 'stripe_1', canonicalId: 'pp_1' }]);
  });

  it('keeps two customers of one source apart, and only the first of each source joins', () => {
    expect(run([contact('a', 's1', 'x@example.com', 1), contact('b', 's1', 'x@example.com', 2)])).toEqual([]);
    expect(run([contact('a', 's1', 'x@example.com', 1), contact('b', 's1', 'x@example.com', 2), contact('c', 's2', 'x@example.com', 3), contact('d', 's2', 'x@example.com', 4)]))
      .toEqual([{ customerId: 'c', canonicalId: 'a' }]);
  });

  it('leaves a mapping alone and an unlinked customer apart', () => {
    const contacts = [contact('a', 's1', 'x@example.com', 1), contact('b', 's2', 'x@example.com', 2)];
    expect(run(contacts, [link('b', 'z', 'mapping')])).toEqual([]);
    expect(run(contacts, [], ['b'])).toEqual([]);
    expect(run(contacts, [], ['a'])).toEqual([]);
  });

  it("joins the anchor's mapped canonical, not the anchor (no chains)", () => {
    expect(run([contact('a', 's1', 'x@example.com', 1), contact('b', 's2', 'x@example.com', 2)], [link('a', 'z', 'mapping')])).toEqual([{ customerId: 'b', canonicalId: 'z' }]);
    // The anchor is mapped to this very customer: nothing to add.
    expect(run([contact('a', 's1', 'x@example.com', 1), contact('b', 's2', 'x@example.com', 2)], [link('a', 'b', 'mapping')])).toEqual([]);
  });

  it('drops an e-mail link that no longer holds (the e-mail changed), and reports nothing already in place', () => {
    expect(run([contact('b', 's2', 'new@example.com', 2)], [link('b', 'a')])).toEqual([{ customerId: 'b', canonicalId: null }]);
    expect(run([contact('b', 's2', null, 2)], [link('b', 'a')])).toEqual([{ customerId: 'b', canonicalId: null }]);
    expect(run([contact('a', 's1', 'x@example.com', 1), contact('b', 's2', 'x@example.com', 2)], [link('b', 'a')])).toEqual([]);
  });

  it('moves the group to an earlier customer that arrives later, created first', () => {
    const contacts = [contact('early', 's3', 'x@example.com', 1), contact('a', 's1', 'x@example.com', 5), contact('b', 's2', 'x@example.com', 9)];
    expect(run(contacts, [link('b', 'a')], [], ['early'])).toEqual([{ customerId: 'a', canonicalId: 'early' }, { customerId: 'b', canonicalId: 'early' }]);
  });

  it('counts a customer without a creation time as the latest', () => {
    expect(run([contact('a', 's1', 'x@example.com', null), contact('b', 's2', 'x@example.com', 9)])).toEqual([{ customerId: 'a', canonicalId: 'b' }]);
  });
});

describe('flattenLinks', () => {
  it('points every link at the end of its chain', () => {
    expect(flattenLinks([link('a', 'b'), link('b', 'c', 'mapping'), link('d', 'c')])).toEqual({ update: [link('a', 'c')], remove: [] });
  });
  it('breaks a circle at an e-mail link: mappings win', () => {
    expect(flattenLinks([link('m', 'r', 'email'), link('r', 'm', 'mapping')])).toEqual({ update: [], remove: ['m'] });
    expect(flattenLinks([link('x', 'y', 'mapping'), link('y', 'z', 'email'), link('z', 'x', 'email')])).toEqual({ update: [link('z', 'y', 'email')], remove: ['y'] });
  });
  it('changes nothing in links already one level deep', () => {
    expect(flattenLinks([link('a', 'c'), link('b', 'c', 'mapping')])).toEqual({ update: [], remove: [] });
  });
});
