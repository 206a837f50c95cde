// `revpulse metrics --subscriptions FILE --json` prints exactly the document `--events` prints
// for the same business, and refuses a bad file naming line and column.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { STRIPE_SCENARIOS } from '../fixtures/import/stripe-scenarios.js';

const dir = mkdtempSync(path.join(tmpdir(), 'revpulse-subs-'));

describe('revpulse metrics --subscriptions', () => {
  it('prints the same JSON document as --events on the same business', async () => {
    const scenario = STRIPE_SCENARIOS[0]!;
    const events = path.join(dir, 'events.jsonl');
    writeFileSync(events, scenario.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const fx = path.join(dir, 'fx.csv');
    writeFileSync(fx, scenario.fxCsv!);
    const [fromEvents, fromFile] = await Promise.all([
      runCli(['metrics', '--events', events, '--fx', fx, '--json']),
      runCli(['metrics', '--subscriptions', scenario.csvFile, '--fx', fx, '--json']),
    ]);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(0);
    expect(fromEvents.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).months).toHaveLength(3);
    expect(fromFile.stdout).toBe(fromEvents.stdout);
  });

  it('refuses a bad file (line and column) and wants exactly one of --events and --subscriptions', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"customer_id":"c","subscription_id":"s","effective_at":"2024-01-01","status":"active","currency":"usd","amount":"1","interval":"month"}\n{"customer_id":"c","subscription_id":"s","effective_at":"2024-02-01","status":"gone","currency":"usd","amount":1,"interval":"month"}\n');
    const [refused, both, neither] = await Promise.all([
      runCli(['metrics', '--subscriptions', bad, '--json']),
      runCli(['metrics', '--subscriptions', bad, '--events', bad, '--json']),
      runCli(['metrics', '--json']),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('line 2, column status: must be one of active, trialing, past_due, paused, canceled (found "gone")');
    expect(refused.stderr).toContain('1 of 2 rows are invalid; nothing was computed');
    for (const result of [both, neither]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('give exactly one of --events FILE and --subscriptions FILE');
    }
  });
});
