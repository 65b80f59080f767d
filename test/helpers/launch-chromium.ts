import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why browser tests cannot run on this machine; undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (Debian package chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/**
 * `describe` when chromium is there; otherwise `describe.skip` and one line saying why, so a
 * missing browser never passes silently.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const missing = chromiumMissing();
  if (!missing) return describe(name, body);
  console.log(`browser suite skipped: ${name}: ${missing}`);
  describe.skip(name, body);
}
