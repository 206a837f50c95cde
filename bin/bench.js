#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.ts (TypeScript, through tsx).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const dir = fileURLToPath(new URL('../bench/', import.meta.url));
const available = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [options]\n`);
  process.exit(2);
}
const { run } = await import(new URL(`../bench/${name}.ts`, import.meta.url).href);
process.exitCode = (await run(args)) ?? 0;
