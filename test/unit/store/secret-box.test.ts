import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretKeyMissingError } from '../../../src/store/secret-box.js';

describe('secret box', () => {
  const box = createSecretBox('ab'.repeat(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('whsec_abc123');
    expect(sealed).not.toContain('whsec_abc123');
    expect(box.open(sealed)).toBe('whsec_abc123');
    expect(box.seal('whsec_abc123')).not.toBe(sealed); // fresh IV each time
  });

  it('detects tampering', () => {
    const sealed = box.seal('sk_live_123');
    const parts = sealed.split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
  });

  it('refuses to seal without a key, except with the public demo key', () => {
    const keyless = createSecretBox(undefined);
    expect(keyless.canSeal).toBe(false);
    expect(() => keyless.seal('whsec_x')).toThrow(SecretKeyMissingError);
    expect(keyless.open(keyless.seal('whsec_demo', 'demo'))).toBe('whsec_demo');
  });

  it('cannot open a secret sealed under another key', () => {
    const other = createSecretBox('cd'.repeat(32));
    expect(() => other.open(box.seal('x'))).toThrow();
  });
});
