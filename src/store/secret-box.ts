// Secrets at rest (webhook signing secrets, API keys) are sealed with AES-256-GCM under
// REVPULSE_SECRET_KEY. The demo workspace's published demo secret is sealed under a fixed,
// public demo key so the demo runs with no set-up; nothing else may use that key.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

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
