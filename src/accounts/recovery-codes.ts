// TOTP recovery codes: ten single-use codes, issued when TOTP is switched on (and again on the
// person's request, which voids the earlier ten), shown once, kept only as SHA-256 hashes salted
// with the user id. Each code is 16 characters from a 32-letter alphabet (80 random bits), so a
// fast hash is enough: there is nothing to brute-force. Spaces, hyphens and case do not count.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { countUnusedRecoveryCodes, deleteRecoveryCodes, replaceRecoveryCodes, spendRecoveryCode } from '../store/recovery-codes-repo.js';
import { sha256 } from './tokens.js';

export const RECOVERY_CODE_COUNT = 10;
/** No i, l, o or u: nothing to mistake for 1, 0 or v when typed from paper. */
const ALPHABET = 'abcdefghjkmnpqrstvwxyz0123456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;
const NORMALISED = new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`);

/** One code, written `xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!); // 32 letters: every byte maps uniformly
  return Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join('')).join('-');
}

/** The code as compared: lower case, without spaces or hyphens; null when it cannot be a code. */
export function normaliseRecoveryCode(code: string): string | null {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '');
  return NORMALISED.test(normalised) ? normalised : null;
}

export function hashRecoveryCode(userId: string, code: string): string {
  return sha256(`${userId}:${normaliseRecoveryCode(code) ?? code}`);
}

/** Issues a fresh set (the earlier codes stop working) and returns it: the only time it is seen. */
export async function issueRecoveryCodes(db: Kysely<Database>, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await replaceRecoveryCodes(db, userId, codes.map((code) => hashRecoveryCode(userId, code)), now);
  return codes;
}

/** Spends a code; false when it is malformed, unknown, another person's or already used. */
export async function redeemRecoveryCode(db: Kysely<Database>, userId: string, code: string, now: Date): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return false;
  return spendRecoveryCode(db, userId, hashRecoveryCode(userId, normalised), now);
}

export const remainingRecoveryCodes = countUnusedRecoveryCodes;
export const revokeRecoveryCodes = deleteRecoveryCodes;
