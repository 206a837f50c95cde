import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./.revpulse on port 3000 with the demo', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.kind).toBe('pglite');
    expect(config.dataDir.endsWith('.revpulse')).toBe(true);
    expect(config.demo).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and the data folder from REVPULSE_DATA_DIR', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', REVPULSE_DATA_DIR: '/tmp/rp', PORT: '8080', REVPULSE_DEMO: 'false' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(config.dataDir).toBe('/tmp/rp');
    expect(config.port).toBe(8080);
    expect(config.demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REVPULSE_DEMO: 'maybe' }, 'REVPULSE_DEMO'],
    [{ REVPULSE_SECRET_KEY: 'short' }, 'REVPULSE_SECRET_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with one line naming the variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });
});
