import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from '../../../src/accounts/recovery-codes.js';
import { demoLoginAllowed, isLoopbackAddress } from '../../../src/accounts/demo-access.js';

describe('recovery codes', () => {
  it('are 16 characters in four groups from an alphabet without look-alikes, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-tv-z0-9]{4}(-[a-hjkmnp-tv-z0-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every one of the 32 letters shows up (the mapping from bytes is uniform, none is left out).
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
    expect(RECOVERY_CODE_COUNT).toBe(10);
  });

  it.each([
    ['abcd-efgh-jkmn-pqrs', 'abcdefghjkmnpqrs'],
    [' ABCD EFGH jkmn-PQRS ', 'abcdefghjkmnpqrs'],
    ['abcdefghjkmnpqrs', 'abcdefghjkmnpqrs'],
    ['abcd-efgh-jkmn-pqr', null], // too short
    ['abcd-efgh-jkmn-pqrsx', null], // too long
    ['abcd-efgh-ijkl-pqrs', null], // i and l are not in the alphabet
    ['123456', null], // a TOTP code is not a recovery code
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseRecoveryCode(input)).toBe(expected);
  });

  it('hashes per person, the same whatever the spacing or case', () => {
    const code = newRecoveryCode();
    const hash = hashRecoveryCode('usr_1', code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('usr_1', code.toUpperCase().replace(/-/g, ' '))).toBe(hash);
    expect(hashRecoveryCode('usr_2', code)).not.toBe(hash);
    expect(hash).not.toContain(code.replace(/-/g, ''));
  });
});

describe('where the demo account may sign in', () => {
  it.each([
    ['127.0.0.1', false, false, true],
    ['::1', false, false, true],
    ['::ffff:127.0.0.1', false, false, true],
    ['127.0.0.1', true, false, false], // through a proxy the server does not trust
    ['203.0.113.9', false, false, false],
    ['10.0.0.2', false, false, false],
    ['203.0.113.9', false, true, true], // REVPULSE_DEMO_PUBLIC
    [null, false, false, false],
  ] as const)('from %s (proxied: %s, public: %s): %s', (ip, viaUntrustedProxy, demoPublic, allowed) => {
    expect(demoLoginAllowed({ ip, viaUntrustedProxy, demoPublic })).toBe(allowed);
  });

  it('knows only the loopback addresses as local', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['127.0.0.2x', '0.0.0.0', 'localhost', ''].some(isLoopbackAddress)).toBe(false);
  });
});
