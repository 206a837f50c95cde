#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx compiles on the fly and caches), so there is no build
// step between a git clone and `npx revpulse`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
