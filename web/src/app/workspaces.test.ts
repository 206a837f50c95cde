import { describe, expect, it } from 'vitest';
import { selectWorkspace, workspaceListSchema, workspaceParam, type Workspace } from './workspaces.js';

const demo: Workspace = { id: 'ws_demo', name: 'Demo', reportingCurrency: 'usd' };
const acme: Workspace = { id: 'ws_acme', name: 'Acme', reportingCurrency: 'eur' };

describe('workspaceParam', () => {
  it.each([
    ['', null],
    ['?workspace=ws_acme', 'ws_acme'],
    ['?foo=1&workspace=ws_acme', 'ws_acme'],
    ['?workspace=', null],
    ['?workspace=%20ws_acme%20', 'ws_acme'],
    ['?workspace=a%26b', 'a&b'],
  ])('%j → %s', (search, expected) => {
    expect(workspaceParam(search)).toBe(expected);
  });
});

describe('selectWorkspace', () => {
  it.each([
    ['defaults to the first workspace', [demo, acme], null, { kind: 'selected', workspace: demo }],
    ['honours ?workspace=', [demo, acme], 'ws_acme', { kind: 'selected', workspace: acme }],
    ['reports an unknown id rather than silently showing another workspace', [demo], 'ws_gone', { kind: 'not-found', requestedId: 'ws_gone' }],
    ['reports that there are none', [], null, { kind: 'none' }],
    ['reports an unknown id even when there are none', [], 'ws_x', { kind: 'not-found', requestedId: 'ws_x' }],
  ] as const)('%s', (_name, list, requested, expected) => {
    expect(selectWorkspace(list, requested)).toEqual(expected);
  });
});

describe('workspaceListSchema', () => {
  it('accepts the contract shape', () => {
    const parsed = workspaceListSchema.safeParse({ data: [{ id: 'ws_demo', name: 'Demo', reportingCurrency: 'usd' }] });
    expect(parsed.success && parsed.data.data[0]).toEqual(demo);
  });

  it('rejects a list without ids', () => {
    expect(workspaceListSchema.safeParse({ data: [{ name: 'Demo', reportingCurrency: 'usd' }] }).success).toBe(false);
  });
});
