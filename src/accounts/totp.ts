// Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app
// expects. A code is accepted one step either side of now, and never twice (the caller records
// the step it used).
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, account: string): string {
  return new TOTP({ issuer: 'Revpulse', label: account, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

/** The time step the code belongs to, or null when it is not valid now. */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now.getTime() }) + delta;
}

/** For tests and set-up screens: the code of a moment. */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD }).generate({ timestamp: at.getTime() });
}
