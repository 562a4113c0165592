import type { Locator, Page } from 'playwright-core';

/** Waits until the locator's text matches, then returns that text (fails with what it saw instead). */
export async function waitForText(locator: Locator, pattern: RegExp, timeout = 30000): Promise<string> {
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    const seen = (await locator.allTextContents().catch(() => [])).join(' | ');
    throw new Error(
      `expected ${pattern} in ${locator.toString()}, saw: ${seen || '(nothing)'}\n${String(e)}`,
    );
  }
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? '';
}

/** Logs in at /cashier. */
export async function cashierLogin(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/cashier`);
  const form = page.locator('#login-form');
  await form.locator('[name=email]').fill(email);
  await form.locator('[name=password]').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#counter-view').waitFor({ state: 'visible' });
}

/** Adds an item of the product list to the sale (one tap per unit). */
export async function addItem(page: Page, sku: string, times = 1) {
  const button = page.locator(`#quick-items .item[data-sku="${sku}"]`);
  for (let i = 0; i < times; i++) await button.click();
}

/** Collects page errors and console errors, so a broken script fails the test with its message. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (4\d\d)/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
