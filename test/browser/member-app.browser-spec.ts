import { audit } from './support/a11y';
import { launchBrowser, PHONE, screenshots, type TestBrowser } from './support/browser';
import { waitForText, watchErrors } from './support/page';
import { makeShop, purchase, startServer, type Server, type Shop } from './support/shop';
import { CAFE_RULES } from '../support/loyalty';
import { joinMember } from '../support/factories';

/** Issue 13: /me as something a customer keeps on their phone. */
describe('/me as an installable web app', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];
  let memberId: string;
  let memberNumber: string;
  const email = 'mara@example.test';
  const password = 'mara password 1';

  beforeAll(async () => {
    server = await startServer(); // the clock stands on Monday 2026-03-02
    shop = await makeShop(server.t);
    const rules = await server.t
      .http()
      .put('/api/rules')
      .set(shop.business.auth)
      .send({
        ruleSet: {
          ...CAFE_RULES,
          promotions: [
            {
              id: 'monday',
              name: 'Double points Monday',
              schedule: { weekdays: [1] },
              minimumSpend: 0,
              effect: { kind: 'multiplier', multiplierBp: 20000 },
            },
          ],
        },
      });
    expect(rules.status).toBe(200);
    const big = await server.t
      .http()
      .post('/api/rewards')
      .set(shop.business.auth)
      .send({
        name: '5 € off',
        cost: { kind: 'points', points: 100 },
        benefit: { kind: 'amount_off', amount: 500 },
      });
    expect(big.status).toBe(201);
    // Joining answers 202 and sends a sign-in code; joinMember reads it from the test's inbox.
    const joined = await joinMember(server.t, shop.business.slug, {
      firstName: 'Mara',
      lastName: 'Mobile',
      email,
      password,
    });
    memberId = joined.member.id;
    memberNumber = (joined.member as unknown as { memberNumber: string }).memberNumber;
    await purchase(server.t, shop.cashier.auth, memberNumber, [
      { lineId: '1', sku: 'ESPRESSO', category: 'coffee', quantity: 2, unitPrice: 350 },
    ]);
    await purchase(server.t, shop.cashier.auth, memberNumber, [
      { lineId: '1', sku: 'CROISSANT', category: 'bakery', quantity: 1, unitPrice: 250 },
    ]);
    browser = await launchBrowser({ viewport: PHONE, noCamera: true });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('shows progress toward each reward and one history line per purchase, with its reasons and money', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/me?business=${shop.business.slug}`);
    const login = page.locator('#login-form');
    await login.locator('[name=email]').fill(email);
    await login.locator('[name=password]').fill(password);
    await login.getByRole('button', { name: 'Log in' }).click();
    // 7.00 -> 7 + 7 (Monday); 2.50 -> 2 + 2: 18 points.
    await waitForText(page.getByTestId('points-available'), /^18$/);
    const progress = page.getByTestId('reward-progress');
    await waitForText(progress, /^82 points to 5 € off$/);
    await waitForText(progress, /You can have it now/);
    await waitForText(progress, /^8 stamps to Free coffee$/);
    const lines = page.getByTestId('history-line');
    await waitForText(lines.first(), /Purchase/);
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(1).textContent()).toMatch(
      /\+7 points for €7\.00 spent, \+7 points \(Double points Monday\), \+2 stamps on Coffee card \(2\/10\)/,
    );
    expect(await lines.nth(0).textContent()).toMatch(
      /\+2 points for €2\.50 spent, \+2 points \(Double points Monday\)/,
    );
    expect(await page.getByTestId('history').textContent()).not.toMatch(/\+0|12\.80 spent/);
    await screenshots(page, 'me-app');
    expect(await audit(page)).toEqual([]);
  });

  it('is installable: a manifest and a registered service worker', async () => {
    const { page } = browser;
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(href).toBe('/me.webmanifest');
    const manifest = await server.t.http().get(href!).expect(200);
    expect(manifest.headers['content-type']).toMatch(/application\/manifest\+json/);
    const m = JSON.parse(manifest.text) as {
      start_url: string;
      scope: string;
      display: string;
      icons: { sizes: string }[];
    };
    expect(m).toMatchObject({ start_url: '/me', scope: '/me', display: 'standalone' });
    expect(m.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of ['/assets/icon-192.png', '/assets/icon-512.png'])
      expect((await server.t.http().get(icon)).headers['content-type']).toBe('image/png');

    const sw = (await page.evaluate(`navigator.serviceWorker.ready.then((r) => ({
      script: r.active && r.active.scriptURL,
      scope: r.scope,
    }))`)) as { script: string; scope: string };
    expect(sw.script).toBe(`${server.url}/me-sw.js`);
    expect(sw.scope).toBe(`${server.url}/me`);
    const cdp = await browser.context.newCDPSession(page);
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installability.installabilityErrors.map((e) => e.errorId)).toEqual([]);
  });

  it('after one online visit, shows the card and the last known balance offline', async () => {
    const { page } = browser;
    await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 15000 });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await waitForText(page.getByTestId('member-name'), /Mara Mobile/);
      await waitForText(page.getByTestId('points-available'), /^18$/);
      await waitForText(page.getByTestId('offline'), /You are offline\. Your card works at the counter/);
      await page.waitForFunction('document.getElementById("qr").naturalWidth > 0');
      expect(await page.locator('.stamp.filled').count()).toBe(2);
      await screenshots(page, 'me-offline');
      expect(await audit(page)).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
    }
    // Offline fetches are logged by Chromium as console errors: they are expected here.
    errors.length = 0;
  });

  it('changes the email-offers consent, stored with its time and where it was given', async () => {
    const { page } = browser;
    await page.reload();
    await waitForText(page.getByTestId('consent-status'), /Off/);
    server.t.clock.advance(3_600_000);
    await page.getByTestId('consent').check();
    await waitForText(page.getByTestId('message'), /Saved: you will get offers by email\./);
    await waitForText(page.getByTestId('consent-status'), /^On since /);
    const stored = await server.t.http().get(`/api/members/${memberId}`).set(shop.business.auth);
    expect(stored.body).toMatchObject({
      marketingConsent: true,
      marketingConsentAt: '2026-03-02T10:00:00.000Z',
      marketingConsentSource: 'member_page',
    });
    await page.getByTestId('consent').uncheck();
    await waitForText(page.getByTestId('message'), /Saved: no offers by email\./);
    const off = await server.t.http().get(`/api/members/${memberId}`).set(shop.business.auth);
    expect(off.body.marketingConsent).toBe(false);
  });

  it('stays signed in on the phone: an ended access token is renewed; logging out signs the device out', async () => {
    const { page } = browser;
    const saved = JSON.parse(
      (await page.evaluate('localStorage.getItem("regulars.member.session")')) as string,
    ) as { token: string; refreshToken: string };
    expect(saved.refreshToken).toMatch(/\./);
    // The 8-hour access token has ended (here: replaced by one the server refuses).
    await page.evaluate(
      `localStorage.setItem("regulars.member.session", JSON.stringify({ ...JSON.parse(localStorage.getItem("regulars.member.session")), token: "ended" }))`,
    );
    await page.reload();
    await waitForText(page.getByTestId('points-available'), /^18$/);
    expect(await page.locator('#login-view').isVisible()).toBe(false);
    const renewed = JSON.parse(
      (await page.evaluate('localStorage.getItem("regulars.member.session")')) as string,
    ) as { token: string; refreshToken: string };
    expect(renewed.token).not.toBe('ended');
    expect(renewed.refreshToken).not.toBe(saved.refreshToken);

    // The devices kept signed in: this phone, and another one the member signs out from here.
    const login = await server.t
      .http()
      .post('/api/auth/member/login')
      .send({ business: shop.business.slug, email, password });
    const tablet = await server.t
      .http()
      .post('/api/me/sessions')
      .set({ Authorization: `Bearer ${login.body.accessToken}` })
      .send({ device: 'Old tablet' });
    expect(tablet.status).toBe(201);
    await page.reload();
    const devices = page.getByTestId('devices');
    await waitForText(devices, /This phone/);
    await waitForText(devices, /Old tablet/);
    await devices.locator('li', { hasText: 'Old tablet' }).getByRole('button', { name: 'Sign out' }).click();
    await waitForText(page.getByTestId('message'), /Old tablet is signed out\./);
    expect(await devices.locator('li').count()).toBe(1);
    const gone = await server.t
      .http()
      .post('/api/auth/member/refresh')
      .send({ refreshToken: tablet.body.refreshToken });
    expect(gone.status).toBe(401);
    expect(await audit(page)).toEqual([]);

    const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/auth/member/logout'));
    await page.getByRole('button', { name: 'Log out' }).click();
    expect((await loggedOut).status()).toBe(204);
    await page.locator('#login-form').waitFor({ state: 'visible' });
    const after = await server.t
      .http()
      .post('/api/auth/member/refresh')
      .send({ refreshToken: renewed.refreshToken });
    expect(after.status).toBe(401);
  });
});
