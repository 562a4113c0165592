import { launchBrowser, PHONE, screenshots, type TestBrowser } from './support/browser';
import { addItem, cashierLogin, waitForText, watchErrors } from './support/page';
import { cardPng, makeMember, makeShop, startServer, type Server, type Shop } from './support/shop';

describe('/cashier in Chromium with a camera', () => {
  let server: Server;
  let shop: Shop;
  let member: Awaited<ReturnType<typeof makeMember>>;
  let browser: TestBrowser;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
    member = await makeMember(server.t, shop.business, { firstName: 'Camila', lastName: 'Scan' });
    const png = await cardPng(server.t, shop.cashier.auth, member.id);
    browser = await launchBrowser({ cameraPng: png });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('reads the member QR from the camera, awards a purchase in one tap, redeems and returns', async () => {
    const { page } = browser;
    const points = page.getByTestId('points-available');
    const message = page.getByTestId('message');

    await page.goto(`${server.url}/cashier`);
    await screenshots(page, 'cashier-login');
    await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);

    // The camera shows the card; the page decodes it and asks the server for the summary.
    await waitForText(page.getByTestId('member-name'), /Camila Scan/, 20000);
    await expect(page.locator('#member-number').textContent()).resolves.toBe(member.memberNumber);
    await waitForText(points, /^0$/);
    expect(await page.locator('.stamp-card .stamp').count()).toBe(10);
    expect(await page.locator('.stamp.filled').count()).toBe(0);

    // Two espressos at 3.50 from the product list -> 7 points and 2 stamps, one tap on Award.
    await addItem(page, 'ESPRESSO', 2);
    await waitForText(page.locator('#award'), /7\.00/);
    await page.locator('#award').click();
    const earned = await waitForText(message, /Purchase .*7\.00 recorded/);
    expect(earned).toMatch(/\+7 points for .*7\.00 spent/);
    expect(earned).toMatch(/\+2 stamps on Coffee card \(2\/10\)/);
    expect(earned).toMatch(/Receipt code [0-9A-F]{8}\./);
    await waitForText(points, /^7$/);
    expect(await page.locator('.stamp.filled').count()).toBe(2);
    await screenshots(page, 'cashier-summary');

    // One tap on the item, one tap on Award.
    await addItem(page, 'ESPRESSO');
    await page.locator('#award').click();
    await waitForText(
      message,
      /Purchase .*3\.50 recorded: \+3 points for .*3\.50 spent, \+1 stamp on Coffee card/,
    );
    await waitForText(points, /^10$/);
    expect(await page.locator('.stamp.filled').count()).toBe(3);

    // The 5-point reward used with the next sale: 1.00 off what is paid, and the points are for what is paid.
    await addItem(page, 'ESPRESSO');
    const reward = page.getByTestId('reward').filter({ hasText: 'One euro off' });
    await reward.getByRole('button', { name: 'Use with this sale' }).click();
    await waitForText(page.locator('#award'), /3\.50 with One euro off/);
    await page.locator('#award').click();
    await waitForText(
      message,
      /Purchase recorded: to pay .*2\.50 \(sale .*3\.50, One euro off −.*1\.00\): \+2 points for .*2\.50 spent/,
    );
    await waitForText(points, /^7$/);
    await waitForText(page.getByTestId('recent-purchases'), /Receipt/);
    expect(await page.locator('#recent-purchases li').count()).toBe(3);

    // Return the first purchase in full, picked from the member's recent purchases: its 2 stamps
    // are taken back, and its points as far as the program's reversal policy allows — the page
    // shows exactly what the server reversed.
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/pos/returns'));
    await page.locator('#recent-purchases li').last().getByRole('button', { name: 'Return all' }).click();
    const reversed = ((await (await answer).json()) as { reversed: { kind: string; amount: number }[] })
      .reversed;
    const returned = await waitForText(message, /Return processed/);
    const pointsBack = reversed.find((r) => r.kind === 'points');
    if (pointsBack && pointsBack.amount > 0)
      expect(returned).toContain(`−${Math.abs(pointsBack.amount)} points`);
    expect(returned).toMatch(/−2 stamps on Coffee card/);
    expect(returned).not.toMatch(/[+−-]0 /);
    expect(await page.locator('.stamp.filled').count()).toBe(2);
    await waitForText(page.locator('#recent-purchases li').last(), /Returned/);

    // Part of the latest purchase: its one espresso comes back, and its stamp with it.
    await page
      .locator('#recent-purchases li')
      .first()
      .getByRole('button', { name: 'Return 1 × Espresso' })
      .click();
    await waitForText(message, /Return processed: .*−1 stamp on Coffee card/);
    expect(await page.locator('.stamp.filled').count()).toBe(1);
    await screenshots(page, 'cashier-after-return');

    // And the server agrees with what the page shows.
    const scan = await server.t
      .http()
      .post('/api/scan')
      .set(shop.cashier.auth)
      .send({ memberNumber: member.memberNumber });
    expect(scan.status).toBe(200);
    expect(await points.textContent()).toBe(String(scan.body.points.available));
    expect(scan.body.stampCards[0].progress).toBe(1);
  });

  it('a typed member number wins over the card in front of the camera', async () => {
    const other = await makeMember(server.t, shop.business, { firstName: 'Nora', lastName: 'Number' });
    const page = await browser.context.newPage();
    errors = watchErrors(page);
    await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
    // The camera still shows Camila's card; typing Nora's number stops it and wins.
    await page.locator('[name=memberNumber]').fill(other.memberNumber);
    await page.getByRole('button', { name: 'Look up' }).click();
    await waitForText(page.getByTestId('member-name'), /Nora Number/);
    await page.locator('[name=amount]').fill('12.40');
    await page.locator('#award').click();
    await waitForText(page.getByTestId('message'), /12\.40 recorded: \+12 points/);
    await waitForText(page.getByTestId('points-available'), /^12$/);
    expect(await page.getByTestId('member-name').textContent()).toBe('Nora Number');
    // "Next customer" brings the camera back, and it reads the card in front of it (Camila's).
    await page.locator('#next-customer').click();
    await waitForText(page.getByTestId('member-name'), /Camila Scan/);
  });

  it('on a phone without a camera: member number, summary in place of the scanner, next customer', async () => {
    const other = await makeMember(server.t, shop.business, { firstName: 'Pia', lastName: 'Phone' });
    const phone = await launchBrowser({ noCamera: true, viewport: PHONE });
    try {
      const { page } = phone;
      errors = watchErrors(page);
      await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
      await waitForText(page.getByTestId('camera-status'), /No camera found/);
      await page.locator('[name=memberNumber]').fill(other.memberNumber);
      await page.getByRole('button', { name: 'Look up' }).click();
      await waitForText(page.getByTestId('member-name'), /Pia Phone/);
      expect(await page.locator('#scan-panel').isVisible()).toBe(false);
      await page.locator('[name=amount]').fill('5');
      await page.locator('#award').click();
      await waitForText(page.getByTestId('message'), /5\.00 recorded: \+5 points/);
      await waitForText(page.getByTestId('points-available'), /^5$/);
      await page.locator('#next-customer').click();
      expect(await page.locator('#scan-panel').isVisible()).toBe(true);
      expect(await page.locator('#member-panel').isVisible()).toBe(false);
    } finally {
      await phone.close();
    }
  });
});
