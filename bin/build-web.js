#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) only when it is out of date: when web/dist/index.html
// is missing, or any file the build reads (web/ sources, the server code the web app shares in
// src/read and src/core, the package files) is newer than it. `npm install` (prepare) and every
// `npm start` run it, so a start after install — or a restart — does not spend 5–10 s on a
// build that would produce the same files. `npm run build:web` still builds unconditionally.
//
//   node bin/build-web.js [--root DIR] [--dry-run]
// --dry-run prints the decision ("up to date" or "stale: <why>") without building.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const INPUTS = ['web', 'src/read', 'src/core', 'package.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'dist', '.vite']);

/** The newest file under `entry` (a file or a folder), with its modification time. */
function newest(entry) {
  if (!existsSync(entry)) return null;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return { file: entry, mtimeMs: stat.mtimeMs };
  let best = null;
  for (const child of readdirSync(entry, { withFileTypes: true })) {
    if (SKIP.has(child.name)) continue;
    const found = newest(path.join(entry, child.name));
    if (found && (!best || found.mtimeMs > best.mtimeMs)) best = found;
  }
  return best;
}

/** Why the built dashboard under `root` must be rebuilt, or null when it is up to date. */
export function staleReason(root) {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return 'web/dist/index.html is missing';
  const builtAt = statSync(built).mtimeMs;
  for (const input of INPUTS) {
    const found = newest(path.join(root, input));
    if (found && found.mtimeMs > builtAt) return `${path.relative(root, found.file)} changed since the last build`;
  }
  return null;
}

function main(argv) {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(argv[rootAt + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const reason = staleReason(root);
  if (argv.includes('--dry-run')) {
    process.stdout.write(reason ? `stale: ${reason}\n` : 'up to date\n');
    return 0;
  }
  if (!reason) return 0;
  process.stdout.write(`Building the dashboard (${reason})…\n`);
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
