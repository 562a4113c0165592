import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { launchBrowser, PHONE, screenshots, type TestBrowser } from './support/browser';
import { waitForText, watchErrors } from './support/page';
import { makeShop, purchase, startServer, type Server, type Shop } from './support/shop';
import { captureSignInCodes } from '../support/factories';

describe('/join/<slug> and /me in Chromium', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
    browser = await launchBrowser({ viewport: PHONE });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('signs up on the join page, logs in at /me and sees the points and stamps just earned', async () => {
    const { page } = browser;
    const email = `lena-${Date.now()}@example.test`;
    const slug = shop.business.slug;

    await page.goto(`${server.url}/join/${slug}`);
    await waitForText(page.locator('#business-name'), /Café/);
    await screenshots(page, 'join');
    const form = page.locator('#join-form');
    await form.locator('[name=firstName]').fill('Lena');
    await form.locator('[name=lastName]').fill('Phone');
    await form.locator('[name=email]').fill(email);
    await form.locator('[name=password]').fill('lena password 1');
    const inbox = captureSignInCodes(server.t);
    try {
      await form.getByRole('button', { name: /Join/ }).click();
      // A one-time code goes to the email; the member types it in.
      const codeForm = page.locator('#code-form');
      await codeForm.waitFor({ state: 'visible' });
      await waitForText(page.locator('#code-sent-to'), new RegExp(email));
      await screenshots(page, 'join-code');
      const code = inbox.codeFor(email);
      expect(code).toMatch(/^\d{6}$/);
      await codeForm.locator('[name=code]').fill(code!);
      await codeForm.getByRole('button', { name: /Sign in/ }).click();
    } finally {
      inbox.restore();
    }

    // Straight to the card.
    await page.waitForURL(/\/me/);
    await waitForText(page.getByTestId('member-name'), /Lena Phone/);
    const memberNumber = (await page.locator('#me-number').textContent())!.trim();
    expect(memberNumber).toMatch(/^\d+$/);
    await waitForText(page.getByTestId('points-available'), /^0$/);

    // The QR on the screen is the member's card: decode a screenshot of it like a till camera would.
    const card = await server.t
      .http()
      .get('/api/members/by-number/' + memberNumber)
      .set(shop.cashier.auth);
    expect(card.status).toBe(200);
    const qr = page.locator('#qr');
    await qr.waitFor({ state: 'visible' });
    await page.waitForFunction('document.getElementById("qr").naturalWidth > 0');
    const shot = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(decoded?.data).toMatch(/^RG1\./);
    const scan = await server.t
      .http()
      .post('/api/scan')
      .set(shop.cashier.auth)
      .send({ payload: decoded!.data });
    expect(scan.status).toBe(200);
    expect(scan.body.member.id).toBe(card.body.id);

    // At the counter: three espressos and a sandwich (3 stamps, 13 points).
    await purchase(server.t, shop.cashier.auth, memberNumber, [
      { lineId: 'L1', sku: 'ESPRESSO', category: 'coffee', quantity: 3, unitPrice: 250 },
      { lineId: 'L2', sku: 'SANDWICH', category: 'food', quantity: 1, unitPrice: 550 },
    ]);

    // 50 weeks later the points (valid 12 months) are about to expire.
    server.t.clock.advance(350 * 86_400_000);

    // Log out and back in: the member sees what was just earned, with the reasons.
    await page.getByRole('button', { name: 'Log out' }).click();
    const login = page.locator('#login-form');
    await login.waitFor({ state: 'visible' });
    expect(await login.locator('[name=business]').inputValue()).toBe(slug);
    await login.locator('[name=email]').fill(email);
    await login.locator('[name=password]').fill('lena password 1');
    await login.getByRole('button', { name: 'Log in' }).click();

    await waitForText(page.getByTestId('points-available'), /^13$/);
    await waitForText(page.locator('.stamp-count'), /^3\/10$/);
    expect(await page.locator('.stamp.filled').count()).toBe(3);
    expect(await page.locator('.stamp').count()).toBe(10);
    await waitForText(page.getByTestId('points-expiring'), /^13 points expire on .*2027/);
    await waitForText(page.getByTestId('rewards'), /One euro off/);
    const history = await waitForText(page.getByTestId('history'), /\+13 points/);
    expect(history).toMatch(/\+3 stamps/);
    await screenshots(page, 'me');
  });

  it('refuses a wrong password with a message', async () => {
    const page = await browser.context.newPage();
    errors = watchErrors(page);
    await page.goto(`${server.url}/me?business=${shop.business.slug}`);
    // Same browser profile as the member above: log her out first.
    await page.evaluate('localStorage.clear()');
    await page.reload();
    const login = page.locator('#login-form');
    await login.locator('[name=email]').fill('nobody@example.test');
    await login.locator('[name=password]').fill('wrong password');
    await login.getByRole('button', { name: 'Log in' }).click();
    await waitForText(page.getByTestId('message'), /Email or password is wrong/);
    await screenshots(page, 'me-login');
  });

  it('says so when the join link names no business', async () => {
    const page = await browser.context.newPage();
    errors = watchErrors(page);
    await page.goto(`${server.url}/join/no-such-shop`);
    await page.locator('#not-found').waitFor({ state: 'visible' });
  });
});
