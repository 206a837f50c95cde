// The SMTP configuration of alert e-mail (REVPULSE_SMTP_URL, REVPULSE_MAIL_FROM): off without
// it, refused with one line naming the variable when malformed or incomplete.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createMailer } from '../../src/notify/mailer.js';

describe('alert e-mail configuration', () => {
  it('is off without an SMTP URL, and there is no mailer', () => {
    const config = loadConfig({});
    expect(config.mail).toBeNull();
    expect(createMailer(config.mail)).toBeNull();
  });

  it('takes an SMTP URL with a From address', () => {
    const config = loadConfig({ REVPULSE_SMTP_URL: 'smtp://user:pass@mail.example.com:587', REVPULSE_MAIL_FROM: 'Revpulse <alerts@example.com>' });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://user:pass@mail.example.com:587', from: 'Revpulse <alerts@example.com>' });
  });

  it.each([
    [{ REVPULSE_SMTP_URL: 'smtp://mail.example.com' }, 'REVPULSE_MAIL_FROM is required when REVPULSE_SMTP_URL is set'],
    [{ REVPULSE_SMTP_URL: 'https://mail.example.com', REVPULSE_MAIL_FROM: 'a@example.com' }, 'REVPULSE_SMTP_URL must be an SMTP URL'],
    [{ REVPULSE_SMTP_URL: 'smtp://mail.example.com', REVPULSE_MAIL_FROM: 'not an address' }, 'REVPULSE_MAIL_FROM must be an address'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
