// What `revpulse serve` writes when its output is not a terminal (a service manager, a container,
// a pipe): JSON log lines, no per-request lines at info, and the start-up notice printed last in a
// box. On a terminal the same logs are human-readable (pino-pretty).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/run-cli.js';
import { createLogger } from '../../src/logger.js';

type Line = Record<string, unknown> & { level: number; msg: string };

function collect(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  return { stream, lines };
}

describe('request logs', () => {
  it('are at debug, not info; a failed request still logs its error', async () => {
    for (const level of ['info', 'debug'] as const) {
      const { stream, lines } = collect();
      const app = Fastify({ loggerInstance: createLogger(level, stream) as FastifyBaseLogger });
      app.get('/ok', async () => ({ ok: true }));
      app.get('/boom', async () => {
        throw new Error('boom');
      });
      await app.inject({ url: '/ok' });
      await app.inject({ url: '/boom' });
      await app.close();
      const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
      if (level === 'info') expect(requestLines).toEqual([]);
      else expect(requestLines.map((l) => [l.msg, l.level])).toEqual([['incoming request', 20], ['request completed', 20], ['incoming request', 20], ['request completed', 20]]);
      expect(lines.some((l) => l.level === 50 && l.msg === 'boom')).toBe(true);
    }
  });
});

describe('revpulse serve with its output piped', () => {
  it('logs JSON without request lines at info, and prints the sign-in box last', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-serve-logs-'));
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, DATABASE_URL: '', REVPULSE_SECRET_KEY: '', LOG_LEVEL: 'info', REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await expect.poll(() => /^╚═+╝$/m.test(stdout) || child.exitCode !== null, { timeout: 150_000, interval: 200 }).toBe(true);
      expect(stderr).toBe('');
      const port = /Revpulse is running at http:\/\/localhost:(\d+)/.exec(stdout)?.[1];
      expect(port).toBeDefined();
      const atStart = stdout.split('\n').filter(Boolean);
      for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/v1/workspaces`)).status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const all = stdout.split('\n').filter(Boolean);
      const logs = all.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
      const printed = all.filter((line) => !line.startsWith('{'));
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.every((l) => typeof l.level === 'number' && typeof l.time === 'number' && typeof l.msg === 'string')).toBe(true);
      expect(logs.filter((l) => l.level <= 30 && /request/.test(l.msg)).map((l) => l.msg)).toEqual([]);
      expect(logs.map((l) => l.msg)).toContain('shutting down');
      // What start-up printed ends with the box, and nothing but logs came after it (a JSON log
      // line written as the box is printed may land on either side of it in a pipe).
      expect(atStart.filter((line) => !line.startsWith('{')).at(-1)).toMatch(/^╚═+╝$/);
      expect(printed.at(-1)).toMatch(/^╚═+╝$/);
      expect(printed.join('\n')).toContain(`Secret key created: ${path.join(dataDir, 'secret.key')}`);
      expect(printed.some((line) => line.includes('REVPULSE_SECRET_KEY is not set'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
