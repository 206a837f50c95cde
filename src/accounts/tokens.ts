// Random secrets and their stored form. Session tokens, invitation tokens and API keys are 256
// random bits; the database keeps only their SHA-256 (a fast hash is right for secrets this
// strong: there is nothing to brute-force, and lookups stay cheap).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** API keys read `rvp_<12 hex: the key id>_<43 base64url: the secret>`; the id is the visible prefix. */
const API_KEY_PATTERN = /^(rvp_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKeyToken(): { keyId: string; token: string } {
  const keyId = `rvp_${randomBytes(6).toString('hex')}`;
  return { keyId, token: `${keyId}_${randomToken(32)}` };
}

export function parseApiKeyToken(token: string): { keyId: string } | null {
  const match = API_KEY_PATTERN.exec(token);
  return match ? { keyId: match[1]! } : null;
}
