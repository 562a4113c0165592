import QRCode from 'qrcode';
import { launchBrowser, screenshots } from './support/browser';
import { cashierLogin, waitForText, watchErrors } from './support/page';
import { cardPng, makeMember, makeShop, purchase, startServer, type Server, type Shop } from './support/shop';

describe('/cashier refusals in Chromium', () => {
  let server: Server;
  let shop: Shop;

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('a revoked card shown to the camera is refused with its message', async () => {
    const member = await makeMember(server.t, shop.business);
    const png = await cardPng(server.t, shop.cashier.auth, member.id);
    const revoke = await server.t
      .http()
      .post(`/api/members/${member.id}/card/revoke`)
      .set(shop.cashier.auth)
      .send({ reason: 'lost phone' });
    expect(revoke.status).toBe(200);

    const browser = await launchBrowser({ cameraPng: png });
    try {
      const errors = watchErrors(browser.page);
      await cashierLogin(browser.page, server.url, shop.cashier.email, shop.cashier.password);
      await waitForText(browser.page.getByTestId('message'), /card has been revoked/, 20000);
      expect(await browser.page.locator('#member-panel').isVisible()).toBe(false);
      await screenshots(browser.page, 'cashier-refused-revoked');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("another business's card shown to the camera is refused with its message", async () => {
    const elsewhere = await makeShop(server.t);
    const stranger = await makeMember(server.t, elsewhere.business);
    const png = await cardPng(server.t, elsewhere.cashier.auth, stranger.id);

    const browser = await launchBrowser({ cameraPng: png });
    try {
      const errors = watchErrors(browser.page);
      await cashierLogin(browser.page, server.url, shop.cashier.email, shop.cashier.password);
      await waitForText(browser.page.getByTestId('message'), /belongs to another business/, 20000);
      expect(await browser.page.locator('#member-panel').isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a QR code that is not a member card (forged or damaged) is refused with its message', async () => {
    const png = await QRCode.toBuffer(
      'RG1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      {
        type: 'png',
        margin: 4,
        width: 400,
      },
    );
    const browser = await launchBrowser({ cameraPng: png });
    try {
      const errors = watchErrors(browser.page);
      await cashierLogin(browser.page, server.url, shop.cashier.email, shop.cashier.password);
      await waitForText(browser.page.getByTestId('message'), /not a valid member card/, 20000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a reward with too few points (spent at another till meanwhile) says what it needs, records nothing and shows the real balance', async () => {
    const member = await makeMember(server.t, shop.business, { firstName: 'Otto', lastName: 'Overdrawn' });
    await purchase(server.t, shop.cashier.auth, member.memberNumber, [
      { lineId: 'L1', sku: 'CAKE', category: 'food', quantity: 1, unitPrice: 700 },
    ]);
    const browser = await launchBrowser({ noCamera: true });
    try {
      const { page } = browser;
      const errors = watchErrors(page);
      await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
      // A till without a camera: the page says so and the member number does the job.
      await waitForText(page.getByTestId('camera-status'), /No camera found\. Enter the member number/);
      await page.locator('[name=memberNumber]').fill(member.memberNumber);
      await page.getByRole('button', { name: 'Look up' }).click();
      await waitForText(page.getByTestId('points-available'), /^7$/);
      const reward = page.getByTestId('reward').filter({ hasText: 'One euro off' });
      await reward.waitFor();

      // Another till spends 5 of the 7 points first.
      const other = await server.t
        .http()
        .post('/api/pos/redemptions')
        .set(shop.cashier.auth)
        .send({
          idempotencyKey: `other-till-${Date.now()}`,
          member: { memberNumber: member.memberNumber },
          rewardId: shop.rewardId,
        });
      expect(other.status).toBe(201);

      await reward.getByRole('button', { name: 'Use with this sale' }).click();
      await page.locator('[name=amount]').fill('3.00');
      await page.locator('#award').click();
      await waitForText(
        page.getByTestId('message'),
        /Not enough for One euro off: it needs 5 points, the member has 2\. Nothing was recorded/,
      );
      // The summary now shows the real balance, and the reward is no longer offered.
      await waitForText(page.getByTestId('points-available'), /^2$/);
      expect(await page.getByTestId('reward').filter({ hasText: 'One euro off' }).count()).toBe(0);
      await screenshots(page, 'cashier-refused-balance');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a network failure during a purchase says so, and the retry awards exactly once', async () => {
    const member = await makeMember(server.t, shop.business, { firstName: 'Rita', lastName: 'Retry' });
    const browser = await launchBrowser({ noCamera: true });
    try {
      const { page } = browser;
      const errors = watchErrors(page);
      await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
      await page.locator('[name=memberNumber]').fill(member.memberNumber);
      await page.getByRole('button', { name: 'Look up' }).click();
      await waitForText(page.getByTestId('points-available'), /^0$/);
      await page.locator('[name=amount]').fill('9.99');

      // The purchase reaches the server but the answer is lost on the way back.
      let lost = 0;
      await page.route('**/api/pos/purchases', async (route) => {
        if (lost++ === 0) {
          await route.fetch();
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await page.locator('#award').click();
      await waitForText(page.getByTestId('message'), /No connection to the Regulars server/);

      await page.locator('#award').click();
      await waitForText(page.getByTestId('message'), /9\.99 recorded: \+9 points/);
      await waitForText(page.getByTestId('points-available'), /^9$/);
      expect(lost).toBe(2);
      expect(errors.filter((e) => !/ERR_CONNECTION_RESET|Failed to load resource/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
