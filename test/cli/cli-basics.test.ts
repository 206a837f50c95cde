import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('revpulse CLI', () => {
  it('--help lists the subcommands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'metrics', 'rebuild']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('stops with one line naming a malformed variable', async () => {
    const result = await runCli(['migrate'], { PORT: 'abc', REVPULSE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'rp-')) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('revpulse: Invalid configuration: PORT must be a whole number from 0 to 65535');
  });

  it('migrates an embedded database and says so, then finds it up to date', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-'));
    const first = await runCli(['migrate'], { REVPULSE_DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied: 0001_init/);
    const second = await runCli(['migrate'], { REVPULSE_DATA_DIR: dataDir });
    expect(second.stdout).toBe('The database is up to date.\n');
  });

  it('writes the demo data set as Stripe events to a JSONL file', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'rp-')), 'demo.jsonl');
    const result = await runCli(['demo', '--out', out, '--customers', '50', '--end-at', '2025-06-01T00:00:00Z']);
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(result.stdout).toBe(`Wrote ${lines.length} demo events to ${out}\n`);
    const events = lines.map((l) => JSON.parse(l));
    expect(events.every((e) => e.object === 'event' && typeof e.id === 'string' && e.data?.object)).toBe(true);
    expect(new Set(events.map((e) => e.type))).toContain('customer.subscription.created');
    expect(events.every((e) => e.created <= Date.parse('2025-06-01T00:00:00Z') / 1000)).toBe(true);
    const again = path.join(path.dirname(out), 'again.jsonl');
    await runCli(['demo', '--out', again, '--customers', '50', '--end-at', '2025-06-01T00:00:00Z']);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('rejects a bad demo option clearly', async () => {
    const result = await runCli(['demo', '--out', '/tmp/x.jsonl', '--customers', 'many']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^revpulse: demo: customers: /);
  });
});
