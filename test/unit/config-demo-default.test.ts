import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const PG = 'postgres://u@h:5432/db';

describe('REVPULSE_DEMO by kind of database (no known credentials in production)', () => {
  it.each([
    [{}, true],
    [{ REVPULSE_DEMO: 'false' }, false],
    [{ DATABASE_URL: PG }, false],
    [{ DATABASE_URL: PG, REVPULSE_DEMO: 'true' }, true],
    [{ DATABASE_URL: PG, REVPULSE_DEMO: '' }, false], // empty is unset
    [{ DATABASE_URL: '', REVPULSE_DEMO: '' }, true],
  ] as const)('%j → demo %s', (env, demo) => {
    expect(loadConfig(env).demo).toBe(demo);
  });

  it('keeps the demo pulse off where the demo is off', () => {
    expect(loadConfig({ DATABASE_URL: PG, REVPULSE_DEMO_PULSE: '5s' }).demoPulseSeconds).toBeNull();
    expect(loadConfig({ DATABASE_URL: PG, REVPULSE_DEMO: 'true', REVPULSE_DEMO_PULSE: '5s' }).demoPulseSeconds).toBe(5);
  });

  it('lets the demo login in from anywhere only with REVPULSE_DEMO_PUBLIC=true', () => {
    expect(loadConfig({}).demoPublic).toBe(false);
    expect(loadConfig({ REVPULSE_DEMO_PUBLIC: 'true' }).demoPublic).toBe(true);
    expect(() => loadConfig({ REVPULSE_DEMO_PUBLIC: 'everyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ REVPULSE_DEMO_PUBLIC: 'everyone' })).toThrow(/REVPULSE_DEMO_PUBLIC/);
  });
});
