import { audit } from './support/a11y';
import { launchBrowser, PHONE, screenshots, type TestBrowser } from './support/browser';
import { addItem, cashierLogin, waitForText, watchErrors } from './support/page';
import {
  makeMember,
  makeShop,
  purchase,
  SHOP_PRODUCTS,
  startServer,
  type Server,
  type Shop,
} from './support/shop';

/** Issue 13: a day at the counter of a café, in Chromium. */
describe('/cashier through a café day', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
    // Confirm above 50.00, refuse above 200.00.
    const limits = await server.t
      .http()
      .patch('/api/business')
      .set(shop.business.auth)
      .send({ purchaseConfirmAbove: 5000, purchaseLimit: 20000 });
    expect(limits.status).toBe(200);
    browser = await launchBrowser({ noCamera: true });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  async function open(memberNumber: string, page = browser.page) {
    if (
      !(await page
        .locator('#counter-view')
        .isVisible()
        .catch(() => false))
    )
      await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
    if (await page.locator('#member-panel').isVisible()) await page.locator('#next-customer').click();
    await page.locator('[name=memberNumber]').fill(memberNumber);
    await page.getByRole('button', { name: 'Look up' }).click();
    await waitForText(page.locator('#member-number'), new RegExp(`^${memberNumber}$`));
  }

  it('the free coffee of a full card costs nothing and earns nothing', async () => {
    const { page } = browser;
    const m = await makeMember(server.t, shop.business, { firstName: 'Fiona', lastName: 'Full' });
    await purchase(server.t, shop.cashier.auth, m.memberNumber, [
      { lineId: '1', sku: 'ESPRESSO', category: 'coffee', quantity: 10, unitPrice: 350 },
    ]);
    await open(m.memberNumber);
    await waitForText(page.getByTestId('points-available'), /^35$/);
    // A full card is drawn full, with the next card empty below it.
    expect(await page.locator('.stamp-card.full').count()).toBe(1);
    expect(await page.locator('.stamp-card.full .stamp.filled').count()).toBe(10);
    await waitForText(page.locator('.stamp-card.full .stamp-count'), /Full: ready to redeem/);
    await screenshots(page, 'cashier-full-card');

    // Using the reward on an empty sale puts its coffee in the sale.
    await page
      .getByTestId('reward')
      .filter({ hasText: 'Free coffee' })
      .getByRole('button', { name: 'Use with this sale' })
      .click();
    await page.locator('#lines .line[data-sku="CAPPUCCINO"]').waitFor();
    await waitForText(page.locator('#award'), /3\.20 with Free coffee/);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/pos/purchases'));
    await page.locator('#award').click();
    const body = (await (await answer).json()) as {
      purchase: { total: number; receiptCode: string };
      earned: unknown[];
    };
    expect(body.purchase.total).toBe(0);
    expect(body.earned).toEqual([]);
    await waitForText(
      page.getByTestId('message'),
      /Purchase recorded: to pay €0\.00 \(sale €3\.20, Free coffee −€3\.20\): no points or stamps for this purchase\. Receipt code [0-9A-F]{8}\./,
    );
    await waitForText(page.getByTestId('points-available'), /^35$/);
    expect(await page.locator('.stamp-card.full').count()).toBe(0);
    expect(await page.locator('.stamp.filled').count()).toBe(0);
    const stored = await server.t
      .http()
      .get(`/api/pos/receipts/${body.purchase.receiptCode}`)
      .set(shop.cashier.auth);
    expect(stored.body).toMatchObject({ total: 0, earned: [] });
    await screenshots(page, 'cashier-free-coffee');
  });

  it("the items are the shop's product list: no sku or category is typed at the till", async () => {
    const { page } = browser;
    const m = await makeMember(server.t, shop.business, { firstName: 'Ivo', lastName: 'Items' });
    await open(m.memberNumber);
    const skus = await page
      .locator('#quick-items .item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-sku')));
    expect(skus.sort()).toEqual(SHOP_PRODUCTS.map((p) => p.sku).sort());
    expect(await page.locator('input[name=sku], input[name=category]').count()).toBe(0);
    await addItem(page, 'CROISSANT');
    await addItem(page, 'ESPRESSO', 2);
    await waitForText(page.locator('#lines'), /Croissant/);
    await waitForText(page.locator('#award'), /9\.50/);
    await page.locator('#award').click();
    await waitForText(
      page.getByTestId('message'),
      /Purchase €9\.50 recorded: \+9 points for €9\.50 spent, \+2 stamps on Coffee card \(2\/10\)/,
    );
  });

  it('asks before an amount above the shop limit for confirmation and refuses one above the hard limit', async () => {
    const phone = await launchBrowser({ noCamera: true, viewport: PHONE });
    try {
      const { page } = phone;
      errors = watchErrors(page);
      const m = await makeMember(server.t, shop.business, { firstName: 'Lars', lastName: 'Limit' });
      await open(m.memberNumber, page);
      const amount = page.locator('[name=amount]');
      const hint = page.getByTestId('amount-hint');

      await amount.fill('12.345');
      await waitForText(hint, /Use at most 2 decimals: for example 12\.35\./);
      expect(await page.locator('#award').isDisabled()).toBe(true);
      await amount.fill('€5');
      await waitForText(hint, /digits only, without a currency sign/);

      await amount.fill('99999999');
      await waitForText(hint, /€99,999,999\.00 is above this shop's limit of €200\.00 for one purchase/);
      expect(await page.locator('#award').isDisabled()).toBe(true);
      // Nothing overflows the phone's width.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await screenshots(page, 'cashier-limit');
      expect(await audit(page)).toEqual([]); // the refusal hint in red is readable too

      await amount.fill('60');
      await page.locator('#award').click();
      await waitForText(
        page.getByTestId('confirm-text'),
        /€60\.00 is more than €50\.00\. Is this amount right\?/,
      );
      await screenshots(page, 'cashier-confirm');
      expect(await audit(page)).toEqual([]);
      await page.getByRole('button', { name: 'Change the amount' }).click();
      expect(await page.locator('#confirm-box').isVisible()).toBe(false);
      await page.locator('#award').click();
      await page.getByRole('button', { name: 'Yes, award €60.00' }).click();
      await waitForText(page.getByTestId('message'), /Purchase €60\.00 recorded: \+60 points/);
      const list = await server.t.http().get(`/api/pos/purchases?memberId=${m.id}`).set(shop.cashier.auth);
      expect(list.body.items.map((p: { total: number }) => p.total)).toEqual([6000]);
    } finally {
      await phone.close();
      errors = watchErrors(browser.page);
    }
  });

  it('returns a purchase picked from the recent list, and one found by its receipt code', async () => {
    const { page } = browser;
    const m = await makeMember(server.t, shop.business, { firstName: 'Rosa', lastName: 'Return' });
    const first = await purchase(server.t, shop.cashier.auth, m.memberNumber, [
      { lineId: '1', sku: 'CROISSANT', category: 'bakery', quantity: 2, unitPrice: 250 },
    ]);
    server.t.clock.advance(60_000);
    const second = await purchase(server.t, shop.cashier.auth, m.memberNumber, [
      { lineId: '1', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 350 },
    ]);
    const code = second.purchase.receiptCode;
    await open(m.memberNumber);
    const recent = page.locator('#recent-purchases li');
    await waitForText(recent.first(), /Receipt/);
    expect(await recent.count()).toBe(2);
    // Picked from the list: one of the two croissants of the older purchase.
    await recent.last().getByRole('button', { name: 'Return 1 × Croissant' }).click();
    await waitForText(page.getByTestId('message'), /Return processed: −2 points/);
    await waitForText(recent.last(), /2 × Croissant \(1 returned\)/);

    // By the code printed on the receipt, typed as it comes (lower case, with a dash).
    await page.locator('[name=code]').fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    await page.getByRole('button', { name: 'Find' }).click();
    const found = page.getByTestId('receipt-result');
    await waitForText(found, new RegExp(`Receipt ${code}`));
    await waitForText(found, /Rosa Return/);
    await found.getByRole('button', { name: 'Return all' }).click();
    await waitForText(page.getByTestId('message'), /Return processed: −3 points, −1 stamp on Coffee card/);
    await waitForText(found, /Returned/);
    await screenshots(page, 'cashier-returns');

    const stored = await server.t.http().get(`/api/pos/receipts/${code}`).set(shop.cashier.auth);
    expect(stored.body.fullyReturned).toBe(true);
    const older = await server.t.http().get(`/api/pos/purchases/${first.purchase.id}`).set(shop.cashier.auth);
    expect(older.status).toBe(200);

    await page.locator('[name=code]').fill('00000000');
    await page.getByRole('button', { name: 'Find' }).click();
    await waitForText(page.getByTestId('message'), /No purchase with this receipt code in this shop\./);
  });

  it('finds a member by name, phone or email, and enrols a new one at the counter', async () => {
    const { page } = browser;
    await makeMember(server.t, shop.business, {
      firstName: 'Ben',
      lastName: 'Okafor',
      phone: '+49 151 1000001',
    });
    if (await page.locator('#member-panel').isVisible()) await page.locator('#next-customer').click();
    await page.locator('[name=q]').fill('okafor');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.getByTestId('search-results').getByRole('button', { name: /Ben Okafor/ });
    await hit.click();
    await waitForText(page.getByTestId('member-name'), /Ben Okafor/);

    await page.locator('#next-customer').click();
    await page.locator('[name=q]').fill('nobody-like-this');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForText(page.getByTestId('search-results'), /No member found for “nobody-like-this”/);

    await page.locator('#enrol summary').click();
    const form = page.locator('#enrol-form');
    await form.locator('[name=firstName]').fill('Zoe');
    await form.locator('[name=lastName]').fill('New');
    await form.locator('[name=phone]').fill('12');
    await form.getByRole('button', { name: 'Enrol and issue a card' }).click();
    await waitForText(page.getByTestId('message'), /Check the phone number: 6 to 15 digits/);
    await form.locator('[name=phone]').fill('+49 151 9876543');
    await form.locator('[name=marketingConsent]').check();
    await form.getByRole('button', { name: 'Enrol and issue a card' }).click();
    await waitForText(page.getByTestId('member-name'), /Zoe New/);
    const said = await waitForText(page.getByTestId('message'), /Zoe New is now a member: number \d+/);
    const number = /number (\d+)/.exec(said)![1];
    const stored = await server.t.http().get(`/api/members/by-number/${number}`).set(shop.cashier.auth);
    expect(stored.body).toMatchObject({
      firstName: 'Zoe',
      phone: expect.stringContaining('9876543'),
      marketingConsent: true,
      marketingConsentSource: 'counter',
    });
  });

  it('says plainly what went wrong: a wrong password, an unknown number', async () => {
    const page = await browser.context.newPage();
    errors = watchErrors(page);
    await page.goto(`${server.url}/cashier`);
    const form = page.locator('#login-form');
    await form.locator('[name=email]').fill(shop.cashier.email);
    await form.locator('[name=password]').fill('not the password');
    await form.getByRole('button', { name: 'Log in' }).click();
    await waitForText(
      page.getByTestId('message'),
      /^Email or password is wrong\. Check both and try again\.$/,
    );
    await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
    await page.locator('[name=memberNumber]').fill('999999');
    await page.getByRole('button', { name: 'Look up' }).click();
    await waitForText(page.getByTestId('message'), /^No member with number 999999 in this shop\./);
    await page.close();
    errors = watchErrors(browser.page);
  });

  it('every page at 390 × 844: tap targets of 44 px or more, text contrast of 4.5:1 or more', async () => {
    const phone = await launchBrowser({ noCamera: true, viewport: PHONE });
    try {
      const { page } = phone;
      errors = watchErrors(page);
      const seen: Record<string, string[]> = {};
      const check = async (label: string) => {
        seen[label] = await audit(page);
      };
      await page.goto(`${server.url}/`);
      await check('/');
      await screenshots(page, 'home');
      await page.goto(`${server.url}/join/${shop.business.slug}`);
      await page.locator('#join-form').waitFor({ state: 'visible' });
      await check('/join');
      await page.goto(`${server.url}/me?business=${shop.business.slug}`);
      await page.locator('#login-form').waitFor({ state: 'visible' });
      await check('/me login');
      await page.goto(`${server.url}/cashier`);
      await page.locator('#login-form').waitFor({ state: 'visible' });
      await check('/cashier login');
      const m = await makeMember(server.t, shop.business, { firstName: 'Ada', lastName: 'Access' });
      await purchase(server.t, shop.cashier.auth, m.memberNumber, [
        { lineId: '1', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 350 },
      ]);
      await open(m.memberNumber, page);
      await waitForText(page.locator('#recent-purchases'), /Receipt/);
      await addItem(page, 'ESPRESSO');
      await check('/cashier with a member');
      await page.locator('#next-customer').click();
      await page.locator('#enrol summary').click();
      await page.locator('[name=q]').fill('Ada');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByTestId('search-results').getByRole('button').first().waitFor();
      await check('/cashier search and enrol');
      expect(seen).toEqual({
        '/': [],
        '/join': [],
        '/me login': [],
        '/cashier login': [],
        '/cashier with a member': [],
        '/cashier search and enrol': [],
      });
    } finally {
      await phone.close();
      errors = watchErrors(browser.page);
    }
  });
});
