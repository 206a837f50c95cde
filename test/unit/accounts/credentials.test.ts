import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, PASSWORD_MAX, verifyPassword } from '../../../src/accounts/passwords.js';
import { newApiKeyToken, parseApiKeyToken, sameHash, sha256 } from '../../../src/accounts/tokens.js';
import { matchTotp, newTotpSecret, totpCode } from '../../../src/accounts/totp.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword(hash, 'x'.repeat(PASSWORD_MAX + 1))).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('generates 20 characters from an unambiguous alphabet, different every time', () => {
    const passwords = Array.from({ length: 200 }, generatePassword);
    for (const p of passwords) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(new Set(passwords).size).toBe(200);
  });
});

describe('API key tokens', () => {
  it('round-trips the visible prefix and rejects anything else', () => {
    const { keyId, token } = newApiKeyToken();
    expect(parseApiKeyToken(token)).toEqual({ keyId });
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => parseApiKeyToken(s) === null || /^rvp_[0-9a-f]{12}_/.test(s)));
    expect(parseApiKeyToken(`${token}x`)).toBeNull();
    expect(parseApiKeyToken(token.replace('rvp_', 'rvx_'))).toBeNull();
  });

  it('compares hashes in constant time and only equal ones match', () => {
    expect(sameHash(sha256('a'), sha256('a'))).toBe(true);
    expect(sameHash(sha256('a'), sha256('b'))).toBe(false);
    expect(sameHash('', '')).toBe(false);
    expect(sameHash(sha256('a'), 'abc')).toBe(false);
  });
});

describe('TOTP', () => {
  it('accepts the code of now and of one step either side, and names its step', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-01-15T12:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(matchTotp(secret, '12345', now)).toBeNull();
    expect(matchTotp(secret, "' or 1=1", now)).toBeNull();
  });
});
