// `npm start` and `npm install` (prepare) build the dashboard only when it is out of date
// (bin/build-web.js): skipped when web/dist is newer than everything the build reads, done when a
// web file — or a server file the web app shares — changed since.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../bin/build-web.js', import.meta.url));
const roots: string[] = [];

function decision(root: string): string {
  return execFileSync(process.execPath, [SCRIPT, '--root', root, '--dry-run'], { encoding: 'utf8' }).trim();
}

/** A clone-like tree: web sources, shared server code, package files; every file at `at`. */
function tree(at: Date): string {
  const root = mkdtempSync(path.join(tmpdir(), 'build-web-'));
  roots.push(root);
  const files = ['web/index.html', 'web/src/app.tsx', 'src/core/dates.ts', 'src/read/mrr/contract.ts', 'package.json', 'package-lock.json'];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), '//\n');
    utimesSync(path.join(root, file), at, at);
  }
  return root;
}

function build(root: string, at: Date): void {
  mkdirSync(path.join(root, 'web/dist/assets'), { recursive: true });
  writeFileSync(path.join(root, 'web/dist/index.html'), '<!doctype html>');
  utimesSync(path.join(root, 'web/dist/index.html'), at, at);
}

const touch = (root: string, file: string, at: Date) => utimesSync(path.join(root, file), at, at);

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('bin/build-web.js', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:01:00Z');
  const t2 = new Date('2026-01-01T00:02:00Z');

  it('builds a fresh clone (no web/dist)', () => {
    expect(decision(tree(t0))).toBe('stale: web/dist/index.html is missing');
  });

  it('skips the build when web/dist is newer than every input', () => {
    const root = tree(t0);
    build(root, t1);
    expect(decision(root)).toBe('up to date');
  });

  it('builds again when a web file changed after the build', () => {
    const root = tree(t0);
    build(root, t1);
    touch(root, 'web/src/app.tsx', t2);
    expect(decision(root)).toBe(`stale: ${path.join('web', 'src', 'app.tsx')} changed since the last build`);
  });

  it('builds again when shared server code (src/core, src/read) or the lock file changed', () => {
    for (const file of ['src/core/dates.ts', 'src/read/mrr/contract.ts', 'package-lock.json']) {
      const root = tree(t0);
      build(root, t1);
      touch(root, file, t2);
      expect(decision(root)).toBe(`stale: ${path.normalize(file)} changed since the last build`);
    }
  });

  it('ignores the built files themselves and node_modules', () => {
    const root = tree(t0);
    build(root, t1);
    mkdirSync(path.join(root, 'web/node_modules/x'), { recursive: true });
    writeFileSync(path.join(root, 'web/node_modules/x/i.js'), '');
    writeFileSync(path.join(root, 'web/dist/assets/app.js'), '');
    expect(decision(root)).toBe('up to date');
  });
});
