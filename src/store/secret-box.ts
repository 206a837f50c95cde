// Secrets at rest (webhook signing secrets, API keys, TOTP secrets) are sealed with AES-256-GCM
// under the secret key: REVPULSE_SECRET_KEY, or on the embedded database the key kept in the data
// folder (secret.key, created on first start). The demo workspace's published demo secret is
// sealed under a fixed, public demo key so the demo runs with no set-up; nothing else may use it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export type KeyId = 'k1' | 'demo';
export type SecretBox = {
  readonly canSeal: boolean;
  seal(plaintext: string, keyId?: KeyId): string;
  open(sealed: string): string;
};

export class SecretKeyMissingError extends Error {
  override readonly name = 'SecretKeyMissingError';
  constructor() {
    super(
      'REVPULSE_SECRET_KEY is not set, so secrets cannot be stored. Generate one with `openssl rand -hex 32` and set it in the environment.',
    );
  }
}

/** What REVPULSE_SECRET_KEY and the key file accept: 32 bytes as 64 hex characters or base64. */
export const SECRET_KEY_PATTERN = /^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/]{43}=$/;
export const SECRET_KEY_FILE = 'secret.key';

/** The key file is unreadable, malformed, or missing while the database holds secrets sealed
 *  under it. One line, for the person running Revpulse. */
export class SecretKeyFileError extends Error {
  override readonly name = 'SecretKeyFileError';
}

/** The key kept in `dataDir` (trimmed), or null when there is no key file. */
export function readSecretKeyFile(dataDir: string): { key: string; file: string } | null {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SecretKeyFileError(`Cannot read the secret key ${file}: ${(error as Error).message}`);
  }
  if (!SECRET_KEY_PATTERN.test(text)) {
    throw new SecretKeyFileError(
      `The secret key ${file} is not 32 bytes as 64 hex characters or base64: restore it from your backup, or set REVPULSE_SECRET_KEY.`,
    );
  }
  return { key: text, file };
}

/** Writes a new key (32 random bytes as 64 hex characters) to `dataDir`/secret.key, readable by
 *  its owner only (0600). Written aside and renamed, so a crash never leaves half a key. The
 *  caller holds the data-folder lock, so nobody else is creating one. */
export function createSecretKeyFile(dataDir: string): { key: string; file: string } {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const key = randomBytes(32).toString('hex');
  rmSync(temporary, { force: true }); // left by a run that died here: its mode is not ours to trust
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${key}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return { key, file };
}

const DEMO_KEY = createHash('sha256').update('revpulse-demo-key-not-secret').digest();

function parseKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

export function createSecretBox(secretKey: string | undefined): SecretBox {
  const key = secretKey ? parseKey(secretKey) : null;
  const keyFor = (id: KeyId): Buffer => {
    if (id === 'demo') return DEMO_KEY;
    if (!key) throw new SecretKeyMissingError();
    return key;
  };
  return {
    canSeal: key !== null,
    seal(plaintext, keyId = 'k1') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(keyId), iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, keyId, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || (keyId !== 'k1' && keyId !== 'demo') || !iv || !tag || body === undefined) {
        throw new Error('sealed secret is malformed');
      }
      const decipher = createDecipheriv('aes-256-gcm', keyFor(keyId), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
