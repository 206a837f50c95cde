import { describe, expect, it } from 'vitest';
import { previousAttributes } from '../../../src/demo/event-log.js';

describe('previousAttributes', () => {
  const plan = { id: 'price_a', amount: 1500, nickname: 'Growth monthly' };
  it.each([
    ['unchanged', { status: 'active', quantity: 3 }, { status: 'active', quantity: 3 }, {}],
    ['a changed value', { status: 'trialing', quantity: 3 }, { status: 'active', quantity: 3 }, { status: 'trialing' }],
    [
      'only the changed keys of a nested hash',
      { cancellation_details: { comment: null, feedback: null, reason: null } },
      { cancellation_details: { comment: null, feedback: 'unused', reason: 'cancellation_requested' } },
      { cancellation_details: { feedback: null, reason: null } },
    ],
    ['a list whole', { items: { object: 'list', data: [{ quantity: 3 }] } }, { items: { object: 'list', data: [{ quantity: 5 }] } }, { items: { data: [{ quantity: 3 }] } }],
    ['a hash that appears: null', { discount: null }, { discount: { id: 'di_1' } }, { discount: null }],
    ['a hash that goes: the whole hash', { discount: { id: 'di_1', end: 5 } }, { discount: null }, { discount: { id: 'di_1', end: 5 } }],
    ['a new metadata key: null', { metadata: { plan: 'x' } }, { metadata: { plan: 'x', segment: 'nonprofit' } }, { metadata: { segment: null } }],
    ['a swapped plan: its changed keys', { plan }, { plan: { ...plan, id: 'price_b', amount: 1600 } }, { plan: { id: 'price_a', amount: 1500 } }],
  ])('%s', (_name, before, after, expected) => {
    expect(previousAttributes(before, after)).toEqual(expected);
  });
});
