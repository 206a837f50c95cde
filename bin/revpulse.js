#!/usr/bin/env node
// Runs the CLI from dist/ when bin/build-server.js compiled it from the current src/ (`npm
// install` and `npm start` do), else the TypeScript directly through tsx (compiled on the fly and
// cached), so there is no build step between a git clone or an edit and `npx revpulse`.
// REVPULSE_FROM_SOURCE=1 always runs src/ through tsx.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp, STAMP_FILE } from './source-stamp.js';

const src = fileURLToPath(new URL('../src', import.meta.url));
const stampFile = fileURLToPath(new URL(`../dist/${STAMP_FILE}`, import.meta.url));

function builtIsCurrent() {
  if (process.env.REVPULSE_FROM_SOURCE === '1' || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8') === sourceStamp(src).digest;
}

let main;
if (builtIsCurrent()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
