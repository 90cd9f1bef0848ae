import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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

/** Signs in to the console on the development provider's page as it would be done by hand; returns the signed-in page. */
export async function signInToConsole(browser: Browser, consoleUrl: string, personId: string, roles: string[], path = '/'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${consoleUrl}${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Person id').fill(personId);
  for (const role of ['employee', 'admin', 'owner', 'approver', 'auditor', 'hr']) {
    const box = page.getByRole('checkbox', { name: role, exact: true });
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: personId }).waitFor();
  return page;
}

/** axe-core's serious and critical findings on the page as it is, each with where it is. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until `target` (or something inside it) has the focus, as someone without a mouse would. */
export async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await target.evaluate((element) => {
      // The tests compile without the DOM's types; this runs in the page, where it has them.
      const node = element as unknown as { ownerDocument: { activeElement: unknown }; contains(other: unknown): boolean };
      return node === node.ownerDocument.activeElement || node.contains(node.ownerDocument.activeElement);
    });
    if (focused) return;
  }
  throw new Error(`${target} cannot be reached with the Tab key`);
}
