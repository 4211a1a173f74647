/**
 * Headless Chromium for the browser tests: Debian's own build (`apt-get install chromium`), driven by
 * playwright-core, which downloads no browser of its own.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of a Chromium binary: $CHROMIUM_PATH when set, else Debian's. When it is missing and
 * this process runs as root it is installed with apt-get (as scripts/install-browser.sh does);
 * otherwise the error says how to get one.
 */
export function ensureChromium(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file: point it at a Chromium binary or unset it`);
  }
  const found = CANDIDATES.find(executable);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'Chromium is not installed (looked for ' + CANDIDATES.join(', ') + '): run `sudo scripts/install-browser.sh` ' +
        '(apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', 'chromium', 'fonts-dejavu-core'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch (err) {
    throw new Error('could not install Chromium with apt-get (see its output above): install the Debian package `chromium` by hand', { cause: err });
  }
  const installed = CANDIDATES.find(executable);
  if (!installed) throw new Error('apt-get installed chromium but no binary is at ' + CANDIDATES.join(' or '));
  return installed;
}

/**
 * Launches headless Chromium with a fresh temporary profile (playwright-core makes one per launch and
 * removes it on close). The flags keep it from calling home: without them it opens connections of
 * its own (component updates, sync, QUIC probes) that this network blocks.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
