#!/usr/bin/env node
// Compiles the server (src/**/*.ts) to JavaScript in dist/ once, so that `npm start` and
// `revpulse` do not compile TypeScript at every start (tsx takes seconds of CPU to load the
// app). A transpile, not a type check (that is `npm run typecheck`): esbuild, one file in, one
// file out, no bundling; dist/ mirrors src/ at the same depth, so paths relative to a module
// (web/dist, migrations) hold. Skipped when dist/ was built from the current src/ (its stamp
// matches: every source file's path, size and modification time). bin/revpulse.js runs dist/
// only while that holds and falls back to tsx otherwise, so an edited src/ is never run stale.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sourceStamp, STAMP_FILE } from './source-stamp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

export async function buildServer({ force = false } = {}) {
  const stamp = sourceStamp(src);
  const stampFile = path.join(dist, STAMP_FILE);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp.digest) return { built: false };
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return { built: false, reason: 'esbuild is not installed: the server runs through tsx' };
  }
  const t0 = performance.now();
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const entryPoints = stamp.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(src, f));
  await esbuild.build({
    entryPoints, outdir: dist, outbase: src, format: 'esm', platform: 'node', target: 'node20',
    bundle: false, sourcemap: 'linked', sourcesContent: false, logLevel: 'warning',
  });
  for (const f of stamp.files.filter((file) => !file.endsWith('.ts'))) cpSync(path.join(src, f), path.join(dist, f));
  writeFileSync(stampFile, stamp.digest);
  return { built: true, files: entryPoints.length, ms: Math.round(performance.now() - t0) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildServer({ force: process.argv.includes('--force') });
  if (result.reason) process.stderr.write(`build-server: ${result.reason}\n`);
  else if (result.built) process.stderr.write(`build-server: ${result.files} files compiled to dist/ in ${result.ms} ms\n`);
}
