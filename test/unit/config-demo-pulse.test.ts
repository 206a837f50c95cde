import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_PULSE_SECONDS, loadConfig } from '../../src/config.js';

describe('REVPULSE_DEMO_PULSE', () => {
  it('is on for the demo (every 5–15 s) when asked, or with an average interval; off with false', () => {
    expect(loadConfig({ REVPULSE_DEMO_PULSE: 'true' }).demoPulseSeconds).toBe(DEMO_PULSE_SECONDS);
    expect(DEMO_PULSE_SECONDS).toBe(10);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: 'yes' }).demoPulseSeconds).toBe(10);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '3s' }).demoPulseSeconds).toBe(3);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '30' }).demoPulseSeconds).toBe(30);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '500ms' }).demoPulseSeconds).toBe(0.5);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '2m' }).demoPulseSeconds).toBe(120);
    expect(loadConfig({ REVPULSE_DEMO_PULSE: 'false' }).demoPulseSeconds).toBeNull();
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '0' }).demoPulseSeconds).toBeNull();
  });

  it('never runs without the demo, and is off by default under the test runner (figures must hold still)', () => {
    expect(loadConfig({ REVPULSE_DEMO: 'false', REVPULSE_DEMO_PULSE: 'true' }).demoPulseSeconds).toBeNull();
    expect(process.env.VITEST).toBeTruthy();
    expect(loadConfig({}).demoPulseSeconds).toBeNull();
    expect(loadConfig({ REVPULSE_DEMO_PULSE: '' }).demoPulseSeconds).toBeNull();
  });

  it('names the variable when it is malformed', () => {
    expect(() => loadConfig({ REVPULSE_DEMO_PULSE: 'fast' })).toThrow(ConfigError);
    expect(() => loadConfig({ REVPULSE_DEMO_PULSE: 'fast' })).toThrow(/REVPULSE_DEMO_PULSE/);
    expect(() => loadConfig({ REVPULSE_DEMO_PULSE: '50ms' })).toThrow(/at least 100ms/);
  });
});
