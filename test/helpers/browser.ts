// Real Chromium for browser tests: CHROMIUM_PATH, else Debian's `chromium` on the PATH. Without
// one the browser tests skip with a notice — except under CI=true, where that is a failure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on the PATH
    }
  }
  return null;
}

export const chromiumPath = findChromium();
export const mustRunBrowser = process.env.CI === 'true';

if (!chromiumPath && !mustRunBrowser) {
  process.stderr.write('NOTICE: no Chromium found (set CHROMIUM_PATH or install Debian\'s chromium); browser tests are skipped.\n');
}

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium is required under CI=true: install Debian\'s chromium or set CHROMIUM_PATH');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS, headless: true });
}
