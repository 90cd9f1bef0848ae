import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (installed by `npm test`'s provisioning); CHROMIUM_PATH points elsewhere when needed. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A real headless Chromium, driven by playwright-core; never a downloaded browser. Playwright gives it a fresh
 * temporary profile; the flags keep it off the network it does not need (the machine may have none).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
